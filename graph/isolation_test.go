package graph_test

import (
	"context"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"testing"

	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/app/apptest"
	"github.com/keyward/keyward/server/partners"
	"github.com/keyward/keyward/server/tokens"
)

// Partner isolation, for every operation of the schema: a user of partner A, whose role holds
// every permission a partner may hold, tries each on partner B's objects. A list shows none
// of them, a read by id answers null, a change answers as if they did not exist and writes
// nothing, and the organisation's own operations are refused. An operation without a case
// fails the test.

// isolation says what an operation must do for partner A's user against partner B.
type isolation struct {
	op string
	// vars builds the variables from B's objects.
	vars func(b *partnerB) map[string]any
	// kind: "list" shows none of B's objects; "null" answers null; "missing" answers
	// NOT_FOUND, or BAD_USER_INPUT saying the object does not exist; "org" is FORBIDDEN (the
	// organisation's alone); "global" holds no partner's data; "self" is about the caller
	// only.
	kind string
}

// partnerB holds ids of partner B's objects; every name carries the marker "bbb".
type partnerB struct {
	partner, app, token, entry, user string
}

var isolationCases = map[string]isolation{
	"Query.me":            {op: `{ me { id } }`, kind: "self"},
	"Query.setupRequired": {op: `{ setupRequired }`, kind: "global"},
	"Query.appInfo":       {op: `{ appInfo { version } }`, kind: "global"},
	"Query.notifications": {op: `{ notifications { items { title } } }`, kind: "self"},
	"Query.roles":         {op: `{ roles { name } }`, kind: "global"},
	"Query.role":          {op: `{ role(id:"1") { name } }`, kind: "global"},
	"Query.permissions":   {op: `{ permissions { name } }`, kind: "global"},
	"Query.modules":       {op: `{ modules { key } }`, kind: "global"},
	"Query.apiLibrary":    {op: `{ apiLibrary { key baseUrl examples { title } } }`, kind: "global"},
	"Query.tokenPolicy":   {op: `{ tokenPolicy { maxLifetimeDays } }`, kind: "global"},
	"Query.approvalRequest": {op: `query($l:String!){ approvalRequest(link:$l){ id } }`, kind: "null",
		vars: func(*partnerB) map[string]any { return map[string]any{"l": strings.Repeat("x", 43)} }},

	"Query.users":                {op: `{ users(first:100) { totalCount edges { node { email name } } } }`, kind: "list"},
	"Query.tokens":               {op: `{ tokens(first:100) { totalCount edges { node { name } } } }`, kind: "list"},
	"Query.dashboard":            {op: `{ dashboard { expiringTokens(first:100) { tokens { name } } pendingApprovals(first:100) { requests { tokenName cidr } } refusedLast24h { reason count } openTokens(first:100) { tokens { name } } usage(days:2) { day ok refused } } }`, kind: "list"},
	"Query.pendingApprovalCount": {op: `{ pendingApprovalCount }`, kind: "self"},
	"Query.applications":         {op: `{ applications(first:100) { totalCount edges { node { name clientId liveTokenCount } } } }`, kind: "list"},
	"Query.partners":             {op: `{ partners(first:100) { totalCount edges { node { name } } } }`, kind: "list"},
	"Query.auditEvents":          {op: `{ auditEvents(first:100) { totalCount edges { node { target actor details } } } }`, kind: "list"},
	"Query.approvalRequests": {op: `query($p:ID){ approvalRequests(partnerId:$p) { tokenName cidr partner { name } } }`, kind: "list",
		vars: func(b *partnerB) map[string]any { return map[string]any{"p": b.partner} }},

	"Query.user":        {op: `query($id:ID!){ user(id:$id){ email } }`, kind: "null", vars: func(b *partnerB) map[string]any { return map[string]any{"id": b.user} }},
	"Query.token":       {op: `query($id:ID!){ token(id:$id){ name } }`, kind: "null", vars: func(b *partnerB) map[string]any { return map[string]any{"id": b.token} }},
	"Query.partner":     {op: `query($id:ID!){ partner(id:$id){ name } }`, kind: "null", vars: func(b *partnerB) map[string]any { return map[string]any{"id": b.partner} }},
	"Query.application": {op: `query($id:ID!){ application(id:$id){ name } }`, kind: "null", vars: func(b *partnerB) map[string]any { return map[string]any{"id": b.app} }},

	"Mutation.setup":                 {op: `mutation{ setup(email:"x@example.com", name:"X", password:"a long enough password"){ id } }`, kind: "global"},
	"Mutation.login":                 {op: `mutation{ login(email:"nobody@example.com", password:"wrong password!!"){ codeRequired } }`, kind: "global"},
	"Mutation.verifyLoginCode":       {op: `mutation{ verifyLoginCode(code:"123456"){ codeRequired } }`, kind: "global"},
	"Mutation.logout":                {op: `mutation{ logout }`, kind: "self"},
	"Mutation.changePassword":        {op: `mutation{ changePassword(currentPassword:"wrong", newPassword:"wrong") }`, kind: "self"},
	"Mutation.markNotificationsRead": {op: `mutation{ markNotificationsRead }`, kind: "self"},
	"Mutation.decideApproval": {op: `mutation($l:String!){ decideApproval(link:$l, approve:true){ id } }`, kind: "missing",
		vars: func(*partnerB) map[string]any { return map[string]any{"l": strings.Repeat("x", 43)} }},

	"Mutation.createUser": {op: `mutation($p:ID!){ createUser(input:{email:"bbb-new@example.com", name:"bbb", password:"a long enough password", roleId:"4", partnerId:$p}){ id } }`,
		kind: "missing", vars: func(b *partnerB) map[string]any { return map[string]any{"p": b.partner} }},
	"Mutation.updateUser": {op: `mutation($id:ID!){ updateUser(id:$id, input:{name:"taken"}){ id } }`, kind: "missing", vars: func(b *partnerB) map[string]any { return map[string]any{"id": b.user} }},
	"Mutation.deleteUser": {op: `mutation($id:ID!){ deleteUser(id:$id) }`, kind: "missing", vars: func(b *partnerB) map[string]any { return map[string]any{"id": b.user} }},

	"Mutation.createToken": {op: `mutation($a:ID!){ createToken(input:{name:"bbb stolen", roleId:"4", applicationId:$a}){ secret } }`,
		kind: "missing", vars: func(b *partnerB) map[string]any { return map[string]any{"a": b.app} }},
	"Mutation.updateToken":     {op: `mutation($id:ID!){ updateToken(id:$id, input:{name:"taken"}){ id } }`, kind: "missing", vars: bToken},
	"Mutation.regenerateToken": {op: `mutation($id:ID!){ regenerateToken(id:$id){ secret } }`, kind: "missing", vars: bToken},
	"Mutation.renewToken":      {op: `mutation($id:ID!){ renewToken(id:$id, days:30){ id } }`, kind: "missing", vars: bToken},
	"Mutation.revokeToken":     {op: `mutation($id:ID!){ revokeToken(id:$id){ id } }`, kind: "missing", vars: bToken},
	"Mutation.revokeTokens": {op: `mutation($ids:[ID!]!){ revokeTokens(ids:$ids){ id } }`, kind: "missing",
		vars: func(b *partnerB) map[string]any { return map[string]any{"ids": []string{b.token}} }},
	"Mutation.deleteToken":           {op: `mutation($id:ID!){ deleteToken(id:$id) }`, kind: "missing", vars: bToken},
	"Mutation.addWhitelistEntry":     {op: `mutation($id:ID!){ addWhitelistEntry(tokenId:$id, cidr:"0.0.0.0/0"){ id } }`, kind: "missing", vars: bToken},
	"Mutation.removeWhitelistEntry":  {op: `mutation($id:ID!){ removeWhitelistEntry(id:$id) }`, kind: "missing", vars: bEntry},
	"Mutation.resendApprovalRequest": {op: `mutation($id:ID!){ resendApprovalRequest(entryId:$id) }`, kind: "missing", vars: bEntry},
	"Mutation.decideWhitelistEntry":  {op: `mutation($id:ID!){ decideWhitelistEntry(id:$id, approve:true){ id } }`, kind: "missing", vars: bEntry},

	"Mutation.createApplication": {op: `mutation($p:ID!){ createApplication(input:{name:"bbb stolen", partnerId:$p}){ id } }`,
		kind: "missing", vars: func(b *partnerB) map[string]any { return map[string]any{"p": b.partner} }},
	"Mutation.updateApplication": {op: `mutation($id:ID!){ updateApplication(id:$id, input:{name:"taken"}){ id } }`, kind: "missing", vars: bApp},
	"Mutation.deleteApplication": {op: `mutation($id:ID!){ deleteApplication(id:$id) }`, kind: "missing", vars: bApp},

	"Mutation.createPartner": {op: `mutation{ createPartner(input:{name:"bbb mine"}){ id } }`, kind: "org"},
	"Mutation.updatePartner": {op: `mutation($id:ID!){ updatePartner(id:$id, input:{name:"taken"}){ id } }`, kind: "org",
		vars: func(b *partnerB) map[string]any { return map[string]any{"id": b.partner} }},
	"Mutation.deletePartner":  {op: `mutation($id:ID!){ deletePartner(id:$id) }`, kind: "org", vars: func(b *partnerB) map[string]any { return map[string]any{"id": b.partner} }},
	"Mutation.createRole":     {op: `mutation{ createRole(input:{name:"bbb role", permissions:[]}){ id } }`, kind: "org"},
	"Mutation.updateRole":     {op: `mutation{ updateRole(id:"2", input:{name:"Security Manager", permissions:[]}){ id } }`, kind: "org"},
	"Mutation.deleteRole":     {op: `mutation{ deleteRole(id:"2") }`, kind: "org"},
	"Mutation.createModule":   {op: `mutation{ createModule(input:{key:"bbb", name:"B", actions:["read"]}){ key } }`, kind: "org"},
	"Mutation.updateModule":   {op: `mutation{ updateModule(key:"clients", input:{key:"clients", name:"C", actions:["read"]}){ key } }`, kind: "org"},
	"Mutation.deleteModule":   {op: `mutation{ deleteModule(key:"clients") }`, kind: "org"},
	"Mutation.updateSettings": {op: `mutation{ updateSettings(input:{requireWhitelist:true}){ requireWhitelist } }`, kind: "org"},
	"Query.settings":          {op: `{ settings { requireWhitelist } }`, kind: "org"},
	"Query.emailStatus":       {op: `{ emailStatus { transport } }`, kind: "org"},
	"Mutation.sendTestEmail":  {op: `mutation{ sendTestEmail(to:"x@example.com") }`, kind: "org"},
	"Mutation.retryEmail":     {op: `mutation{ retryEmail(id:"1") }`, kind: "org"},
}

func bToken(b *partnerB) map[string]any { return map[string]any{"id": b.token} }
func bEntry(b *partnerB) map[string]any { return map[string]any{"id": b.entry} }
func bApp(b *partnerB) map[string]any   { return map[string]any{"id": b.app} }

// partnerRole holds every permission a partner's user may hold.
var partnerRole = []string{"users:read", "users:write", "roles:read", "tokens:read", "tokens:write", "tokens:verify",
	"whitelist:approve", "audit:read", "applications:read", "applications:write", "partners:read", "settings:write", "roles:write", "partners:write"}

func TestPartnerIsolation(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		sys := context.Background()
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		_, err := e.App.Access.CreateModule(sys, access.ModuleInput{Key: "clients", Name: "Clients", Actions: []string{"read"}})
		must(err)
		// The role even names the organisation's own permissions: a partner's user never holds them.
		role, err := e.App.Access.CreateRole(sys, access.RoleInput{Name: "Partner admin", Permissions: partnerRole})
		must(err)
		nobody, err := e.App.Access.CreateRole(sys, access.RoleInput{Name: "Nobody"})
		must(err)
		pa, err := e.App.Partners.CreatePartner(sys, partners.PartnerInput{Name: "Alpha Fintech", BusinessOwnerEmails: []string{"alpha-owner@example.com"}})
		must(err)
		pb, err := e.App.Partners.CreatePartner(sys, partners.PartnerInput{Name: "bbb Retail", BusinessOwnerEmails: []string{"bbb-owner@example.com"}})
		must(err)
		for _, p := range []struct {
			email string
			id    int64
		}{{"alpha@example.com", pa.ID}, {"bbb-user@example.com", pb.ID}} {
			_, err := e.App.Access.CreateUser(sys, access.NewUser{Email: p.email, Name: "Partner " + p.email, Password: apptest.AdminPassword, RoleID: role.ID, PartnerID: p.id})
			must(err)
		}
		// B's world: an application, a token with a pending whitelist entry, its audit trail.
		admin.MustDo(`mutation{ updateSettings(input:{whitelistApproval:true, businessOwnerEmails:["owner@example.com"]}){ whitelistApproval } }`, nil, &struct{}{})
		app, err := e.App.Partners.CreateApplication(sys, partners.ApplicationInput{Name: "bbb app", PartnerID: pb.ID})
		must(err)
		tok, _, err := e.App.Tokens.Create(sys, tokens.NewToken{Name: "bbb token", RoleID: nobody.ID, ApplicationID: app.ID, Whitelist: []string{"192.0.2.1"}})
		must(err)
		if tok.PartnerID == nil || *tok.PartnerID != pb.ID {
			t.Fatalf("a token of B's application belongs to partner %v", tok.PartnerID)
		}
		var entry int64
		must(e.App.DB.NewSelect().Table("whitelist_entries").Column("id").Where("token_id = ?", tok.ID).Scan(sys, &entry))
		bUser, err := e.App.Access.UserByEmail(sys, "bbb-user@example.com")
		must(err)
		b := &partnerB{partner: id(pb.ID), app: id(app.ID), token: id(tok.ID), entry: id(entry), user: id(bUser.ID)}
		// A's own objects, which A's user must see.
		aApp, err := e.App.Partners.CreateApplication(sys, partners.ApplicationInput{Name: "Alpha app", PartnerID: pa.ID})
		must(err)
		_, _, err = e.App.Tokens.Create(sys, tokens.NewToken{Name: "Alpha token", RoleID: nobody.ID, ApplicationID: aApp.ID})
		must(err)

		alpha := e.SignIn(t, "alpha@example.com")
		// A's script holds what a partner may hold (a partner gives no token the organisation's permissions).
		scriptRole, err := e.App.Access.CreateRole(sys, access.RoleInput{Name: "Partner script", Permissions: partnerRole[:11]})
		must(err)
		tokA := createToken(alpha, "Alpha script", id(scriptRole.ID), nil)
		script := e.Client(t)
		script.Header.Set("X-Auth-Token", tokA.CreateToken.Secret)

		names := make([]string, 0)
		for name := range directives(t) {
			names = append(names, name)
		}
		sort.Strings(names)
		tried := 0
		for _, name := range names {
			c, ok := isolationCases[name]
			if !ok {
				t.Errorf("%s has no partner isolation case: add one to isolationCases", name)
				continue
			}
			if c.kind == "global" || c.kind == "self" {
				continue
			}
			for who, cl := range map[string]*apptest.Client{"user": alpha, "token": script} {
				var vars map[string]any
				if c.vars != nil {
					vars = c.vars(b)
				}
				before := rowCounts(t, e)
				r := cl.Do(c.op, vars)
				tried++
				what := fmt.Sprintf("%s as A's %s", name, who)
				raw := string(r.Data)
				switch c.kind {
				case "list":
					if len(r.Errors) > 0 && r.Code() != "FORBIDDEN" {
						t.Errorf("%s: %+v", what, r.Errors)
					}
					if strings.Contains(strings.ToLower(raw), "bbb") {
						t.Errorf("%s shows partner B's objects: %s", what, raw)
					}
				case "null":
					if len(r.Errors) > 0 && r.Code() != "FORBIDDEN" || strings.Contains(strings.ToLower(raw), "bbb") {
						t.Errorf("%s: %+v %s", what, r.Errors, raw)
					}
				case "missing":
					hidden := r.Code() == "NOT_FOUND" || r.Code() == "BAD_USER_INPUT" && regexpMissing(r.Errors[0].Message) || r.Code() == "FORBIDDEN" && !strings.Contains(r.Errors[0].Message, "bbb")
					if !hidden {
						t.Errorf("%s: %+v %s", what, r.Errors, raw)
					}
				case "org":
					if r.Code() != "FORBIDDEN" {
						t.Errorf("%s: %+v %s; want FORBIDDEN", what, r.Errors, raw)
					}
				}
				if c.kind != "list" && c.kind != "null" {
					if after := rowCounts(t, e); !equalCounts(before, after) {
						t.Errorf("%s wrote: %v -> %v", what, before, after)
					}
				}
			}
		}
		// B's objects are untouched, and A sees its own.
		got, err := e.App.Tokens.Token(sys, tok.ID)
		if err != nil || got.Name != "bbb token" || got.RevokedAt != nil {
			t.Fatalf("B's token after the attempts: %+v %v", got, err)
		}
		var mine struct {
			Tokens       struct{ TotalCount int }
			Applications struct{ TotalCount int }
			Users        struct{ TotalCount int }
		}
		alpha.MustDo(`{ tokens { totalCount } applications { totalCount } users { totalCount } }`, nil, &mine)
		if mine.Tokens.TotalCount != 2 || mine.Applications.TotalCount != 1 || mine.Users.TotalCount != 1 {
			t.Fatalf("what A's user sees of its own: %+v", mine)
		}
		t.Logf("partner isolation: %d attempts on partner B's objects, each answered as if they did not exist", tried)
	})
}

func id(n int64) string { return strconv.FormatInt(n, 10) }

// regexpMissing reports whether a message says the object does not exist.
func regexpMissing(msg string) bool {
	return strings.Contains(msg, "does not exist") || strings.Contains(msg, "no ") && strings.Contains(msg, "with id")
}
