package graph_test

import (
	"context"
	"strings"
	"testing"

	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/app/apptest"
	"github.com/keyward/keyward/server/mail/mailtest"
)

// The climbs an attacker tries, each refused with FORBIDDEN and writing nothing: they are the
// matrix's rule told as the stories of the attacks.

// rowCounts is a cheap picture of what a refused call must leave alone.
func rowCounts(t *testing.T, e *apptest.Env) map[string]int {
	t.Helper()
	out := map[string]int{}
	for _, table := range []string{"users", "roles", "role_permissions", "tokens", "token_secrets", "whitelist_entries", "approval_requests", "permissions"} {
		n, err := e.App.DB.NewSelect().Table(table).Count(context.Background())
		if err != nil {
			t.Fatal(err)
		}
		out[table] = int(n)
	}
	return out
}

func refused(t *testing.T, c *apptest.Client, what, op string, vars map[string]any, wantText string) {
	t.Helper()
	r := c.Do(op, vars)
	if r.Code() != "FORBIDDEN" || !strings.Contains(r.Errors[0].Message, wantText) {
		t.Errorf("%s: got %+v; want FORBIDDEN saying %q", what, r.Errors, wantText)
	}
}

func createRole(t *testing.T, admin *apptest.Client, name string, perms ...string) string {
	t.Helper()
	var out struct{ CreateRole struct{ ID string } }
	if perms == nil {
		perms = []string{}
	}
	admin.MustDo(`mutation($i:RoleInput!){ createRole(input:$i){ id } }`, map[string]any{"i": map[string]any{"name": name, "permissions": perms}}, &out)
	return out.CreateRole.ID
}

func TestTokenTakeoverIsRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		admin.MustDo(`mutation{ createModule(input:{key:"clients", name:"Clients", actions:["read"]}){ key } }`, nil, &struct{}{})
		createRole(t, admin, "Clerk", "tokens:read", "tokens:write", "clients:read")
		adminToken := createToken(admin, "Root", admin.RoleID("Administrator"), nil)
		id := adminToken.CreateToken.Token.ID
		clerk := e.CreateUser(t, admin, "clerk@example.com", "Clerk")
		before := rowCounts(t, e)
		for _, c := range []struct{ what, op string }{
			{"regenerate", `mutation($id:ID!){ regenerateToken(id:$id, oldSecretValidForHours:168){ secret } }`},
			{"renew", `mutation($id:ID!){ renewToken(id:$id, days:365){ id } }`},
			{"whitelist", `mutation($id:ID!){ addWhitelistEntry(tokenId:$id, cidr:"0.0.0.0/0"){ id } }`},
			{"rename", `mutation($id:ID!){ updateToken(id:$id, input:{name:"Mine now"}){ id } }`},
			{"revoke", `mutation($id:ID!){ revokeToken(id:$id){ id } }`},
			{"delete", `mutation($id:ID!){ deleteToken(id:$id) }`},
		} {
			refused(t, clerk, c.what+" the Administrator's token", c.op, map[string]any{"id": id}, "every permission")
		}
		refused(t, clerk, "mint an Administrator token", createTokenOp, map[string]any{"i": map[string]any{"name": "Mine", "roleId": admin.RoleID("Administrator")}}, "every permission")
		// Through a token of its own, the clerk gets no further.
		own := createToken(clerk, "Clerk's", admin.RoleID("Clerk"), nil)
		before = rowCounts(t, e)
		script := e.Client(t)
		script.Header.Set("Authorization", "Bearer "+own.CreateToken.Secret)
		refused(t, script, "regenerate through a token", `mutation($id:ID!){ regenerateToken(id:$id){ secret } }`, map[string]any{"id": id}, "every permission")
		refused(t, script, "raise a token to Administrator", `mutation($id:ID!,$r:ID!){ updateToken(id:$id, input:{roleId:$r}){ id } }`,
			map[string]any{"id": own.CreateToken.Token.ID, "r": admin.RoleID("Administrator")}, "every permission")
		if after := rowCounts(t, e); !equalCounts(before, after) {
			t.Fatalf("refused calls wrote: %v -> %v", before, after)
		}
		// Every refusal is in the audit trail.
		seen := map[string]bool{}
		for _, ev := range auditTrail(t, e, admin, "access.denied", 50) {
			if ev.Outcome != "DENIED" || !strings.Contains(ev.Details, `"count":1`) {
				t.Errorf("refusal event %+v", ev)
			}
			seen[ev.Actor+" "+ev.Target] = true
		}
		for _, want := range []string{"clerk@example.com regenerateToken", "clerk@example.com createToken", "Clerk's regenerateToken", "Clerk's updateToken"} {
			if !seen[want] {
				t.Errorf("no refusal event for %q in %v", want, seen)
			}
		}
	})
}

func equalCounts(a, b map[string]int) bool {
	for k, v := range a {
		if b[k] != v {
			return false
		}
	}
	return true
}

func TestUserAndRoleEscalationIsRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		createRole(t, admin, "People", "users:read", "users:write", "roles:read")
		createRole(t, admin, "Role keeper", "roles:read", "roles:write")
		people := e.CreateUser(t, admin, "people@example.com", "People")
		keeper := e.CreateUser(t, admin, "keeper@example.com", "Role keeper")
		var me struct{ Me struct{ ID string } }
		people.MustDo(`{ me { id } }`, nil, &me)
		var adminMe struct{ Me struct{ ID string } }
		admin.MustDo(`{ me { id } }`, nil, &adminMe)
		before := rowCounts(t, e)

		refused(t, people, "create an Administrator", `mutation($r:ID!){ createUser(input:{email:"evil@example.com", name:"Evil", password:"a long enough password", roleId:$r}){ id } }`,
			map[string]any{"r": admin.RoleID("Administrator")}, "every permission")
		refused(t, people, "become an Administrator", `mutation($id:ID!,$r:ID!){ updateUser(id:$id, input:{roleId:$r}){ id } }`,
			map[string]any{"id": me.Me.ID, "r": admin.RoleID("Administrator")}, "your own role")
		refused(t, people, "change one's own role at all", `mutation($id:ID!,$r:ID!){ updateUser(id:$id, input:{roleId:$r}){ id } }`,
			map[string]any{"id": me.Me.ID, "r": admin.RoleID("Auditor")}, "your own role")
		refused(t, people, "take over the administrator's password", `mutation($id:ID!){ updateUser(id:$id, input:{password:"another long password"}){ id } }`,
			map[string]any{"id": adminMe.Me.ID}, "every permission")
		refused(t, people, "take over the administrator's email", `mutation($id:ID!){ updateUser(id:$id, input:{email:"people+admin@example.com"}){ id } }`,
			map[string]any{"id": adminMe.Me.ID}, "every permission")
		refused(t, people, "turn off the administrator's sign-in code", `mutation($id:ID!){ updateUser(id:$id, input:{loginCodeRequired:false}){ id } }`,
			map[string]any{"id": adminMe.Me.ID}, "every permission")
		refused(t, people, "disable the administrator", `mutation($id:ID!){ updateUser(id:$id, input:{active:false}){ id } }`,
			map[string]any{"id": adminMe.Me.ID}, "every permission")
		refused(t, people, "delete the administrator", `mutation($id:ID!){ deleteUser(id:$id) }`, map[string]any{"id": adminMe.Me.ID}, "every permission")
		refused(t, people, "give a user roles:write", `mutation($r:ID!){ createUser(input:{email:"k2@example.com", name:"K", password:"a long enough password", roleId:$r}){ id } }`,
			map[string]any{"r": admin.RoleID("Role keeper")}, "roles:write")

		refused(t, keeper, "widen its own role", `mutation($id:ID!){ updateRole(id:$id, input:{name:"Role keeper", permissions:["roles:read","roles:write","users:write"]}){ id } }`,
			map[string]any{"id": admin.RoleID("Role keeper")}, "users:write")
		refused(t, keeper, "create a role with what it lacks", `mutation{ createRole(input:{name:"Mine", permissions:["users:write","settings:write"]}){ id } }`,
			nil, "settings:write, users:write")
		refused(t, keeper, "strip a role above it", `mutation($id:ID!){ updateRole(id:$id, input:{name:"People", permissions:[]}){ id } }`,
			map[string]any{"id": admin.RoleID("People")}, "users:write")
		if after := rowCounts(t, e); !equalCounts(before, after) {
			t.Fatalf("refused calls wrote: %v -> %v", before, after)
		}

		// What they hold, they may still manage: the same keeper narrows its own role, and
		// the people manager edits an Auditor.
		keeper.MustDo(`mutation($id:ID!){ updateRole(id:$id, input:{name:"Role keeper", permissions:["roles:read","roles:write"], description:"kept"}){ id } }`,
			map[string]any{"id": admin.RoleID("Role keeper")}, &struct{}{})
		var aud struct{ CreateUser struct{ ID string } }
		admin.MustDo(`mutation($r:ID!){ createUser(input:{email:"aud@example.com", name:"Aud", password:"a long enough password", roleId:$r}){ id } }`,
			map[string]any{"r": admin.RoleID("Auditor")}, &aud)
		refused(t, people, "edit an Auditor (who holds audit:read)", `mutation($id:ID!){ updateUser(id:$id, input:{name:"Renamed"}){ id } }`,
			map[string]any{"id": aud.CreateUser.ID}, "audit:read")
		nobody := createRole(t, admin, "Nobody")
		var low struct{ CreateUser struct{ ID string } }
		people.MustDo(`mutation($r:ID!){ createUser(input:{email:"low@example.com", name:"Low", password:"a long enough password", roleId:$r}){ id } }`, map[string]any{"r": nobody}, &low)
		people.MustDo(`mutation($id:ID!){ updateUser(id:$id, input:{password:"a brand new password"}){ id } }`, map[string]any{"id": low.CreateUser.ID}, &struct{}{})
		// Nobody sets their own password without the current one.
		r := people.Do(`mutation($id:ID!){ updateUser(id:$id, input:{password:"another long password"}){ id } }`, map[string]any{"id": me.Me.ID})
		if r.Code() != "BAD_USER_INPUT" || r.Field() != "password" {
			t.Fatalf("own password without the current one: %+v", r.Errors)
		}
	})
}

func TestTheRoleListSaysWhatTheCallerMayGrant(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		if _, _, err := e.App.Access.SeedDemo(context.Background()); err != nil {
			t.Fatal(err)
		}
		sm := e.CreateUser(t, admin, "sam@example.com", access.SecurityManager)
		var roles struct {
			Roles []struct {
				ID, Name           string
				Grantable          bool
				MissingPermissions []string
			}
		}
		sm.MustDo(`{ roles { id name grantable missingPermissions } }`, nil, &roles)
		grantable := map[string]bool{}
		for _, r := range roles.Roles {
			grantable[r.Name] = r.Grantable
			if r.Grantable != (len(r.MissingPermissions) == 0) {
				t.Errorf("%s: grantable %v but missing %v", r.Name, r.Grantable, r.MissingPermissions)
			}
			if r.Name == "Administrator" && (len(r.MissingPermissions) != 1 || r.MissingPermissions[0] != access.EveryPermission) {
				t.Errorf("Administrator's missing permissions = %v", r.MissingPermissions)
			}
		}
		for name, want := range map[string]bool{"MANAGER": true, "AGENT": true, "CASHIER": true, "CUSTOMER": true, access.SecurityManager: true,
			"Administrator": false, "Auditor": false, "Business Owner": false} {
			if grantable[name] != want {
				t.Errorf("the Security Manager may grant %s: %v; want %v", name, grantable[name], want)
			}
		}
		// What the list says is what the server does.
		for _, role := range []string{"MANAGER", "AGENT", "CASHIER", "CUSTOMER"} {
			createToken(sm, role+" app", admin.RoleID(role), nil)
		}
		refused(t, sm, "issue an Auditor token", createTokenOp, map[string]any{"i": map[string]any{"name": "Peek", "roleId": admin.RoleID("Auditor")}}, "users:read")
	})
}

// The seed's flow 001 after keyward demo: the Security Manager issues an AGENT token with a
// whitelisted IP, and the Business Owner, not the requester, approves it.
func TestSeparationOfDuties(t *testing.T) {
	mailEnv(t, func(t *testing.T, e *apptest.Env, smtp *mailtest.Server) {
		admin := e.SetupAdmin(t)
		if _, _, err := e.App.Access.SeedDemo(context.Background()); err != nil {
			t.Fatal(err)
		}
		// The administrator is a Business Owner too, beside the real one.
		turnOnApproval(t, admin, "admin@example.com", "owner@example.com")
		sm := e.CreateUser(t, admin, "sam@example.com", access.SecurityManager)
		owner := e.CreateUser(t, admin, "owner@example.com", "Business Owner")

		// The administrator's own request goes to the other owner only.
		mine := createToken(admin, "Admin's", admin.RoleID("AGENT"), map[string]any{"whitelist": []string{"203.0.113.9"}})
		msgs := mailed(t, smtp, 1)
		if got := links(t, msgs); len(got) != 1 || got["owner@example.com"] == "" {
			t.Fatalf("the requester was asked to approve its own request: %v", got)
		}
		var pending struct {
			ApprovalRequests []struct {
				TokenName, CannotDecideReason string
				CanDecide                     bool
				Entry                         struct{ ID string }
			}
		}
		admin.MustDo(`{ approvalRequests { tokenName canDecide cannotDecideReason entry { id } } }`, nil, &pending)
		if len(pending.ApprovalRequests) != 1 || pending.ApprovalRequests[0].CanDecide || !strings.Contains(pending.ApprovalRequests[0].CannotDecideReason, "you asked") {
			t.Fatalf("the requester's Approvals page: %+v", pending.ApprovalRequests)
		}
		refused(t, admin, "approve its own request", `mutation($id:ID!){ decideWhitelistEntry(id:$id, approve:true){ state } }`,
			map[string]any{"id": pending.ApprovalRequests[0].Entry.ID}, "you asked")
		// Nor through a token it made: the person behind the token asked.
		script := createToken(admin, "Admin's script", admin.RoleID("Administrator"), nil)
		bot := e.Client(t)
		bot.Header.Set("X-Auth-Token", script.CreateToken.Secret)
		var added struct{ AddWhitelistEntry struct{ ID string } }
		bot.MustDo(`mutation($t:ID!){ addWhitelistEntry(tokenId:$t, cidr:"203.0.113.10"){ id } }`, map[string]any{"t": mine.CreateToken.Token.ID}, &added)
		refused(t, admin, "approve what its token asked", `mutation($id:ID!){ decideWhitelistEntry(id:$id, approve:true){ state } }`,
			map[string]any{"id": added.AddWhitelistEntry.ID}, "you asked")
		refused(t, bot, "approve as a token", `mutation($id:ID!){ decideWhitelistEntry(id:$id, approve:true){ state } }`,
			map[string]any{"id": added.AddWhitelistEntry.ID}, "by a person")

		// The seed's flow: the Security Manager asks; a user with whitelist:approve who is not a
		// named Business Owner may not decide; the Business Owner does.
		agent := createToken(sm, "Agent desk", admin.RoleID("AGENT"), map[string]any{"whitelist": []string{"127.0.0.1"}})
		if s := whoamiStatus(t, e, agent.CreateToken.Secret); s != 403 {
			t.Fatalf("a pending entry admitted the token: %d", s)
		}
		createRole(t, admin, "Approver", "tokens:read", "whitelist:approve")
		outsider := e.CreateUser(t, admin, "outsider@example.com", "Approver")
		var entries struct {
			Token struct {
				Whitelist []struct {
					ID        string
					Approvers []string
				}
			}
		}
		sm.MustDo(`query($id:ID!){ token(id:$id){ whitelist { id approvers } } }`, map[string]any{"id": agent.CreateToken.Token.ID}, &entries)
		entry := entries.Token.Whitelist[0]
		if strings.Join(entry.Approvers, ",") != "admin@example.com,owner@example.com" {
			t.Fatalf("who may decide, on the token's page: %v", entry.Approvers)
		}
		refused(t, outsider, "decide without being a Business Owner", `mutation($id:ID!){ decideWhitelistEntry(id:$id, approve:true){ state } }`,
			map[string]any{"id": entry.ID}, "only the Business Owners")
		refused(t, sm, "approve its own request", `mutation($id:ID!){ decideWhitelistEntry(id:$id, approve:true){ state } }`,
			map[string]any{"id": entry.ID}, "")
		var dec struct {
			DecideWhitelistEntry struct{ State, DecidedBy string }
		}
		owner.MustDo(`mutation($id:ID!){ decideWhitelistEntry(id:$id, approve:true){ state decidedBy } }`, map[string]any{"id": entry.ID}, &dec)
		if dec.DecideWhitelistEntry.State != "APPROVED" || dec.DecideWhitelistEntry.DecidedBy != "owner@example.com" {
			t.Fatalf("the owner's decision: %+v", dec)
		}
		if s := whoamiStatus(t, e, agent.CreateToken.Secret); s != 200 {
			t.Fatalf("the approved token answers %d", s)
		}

		// With the requester the only Business Owner, nobody could ever approve: refused, and
		// nothing written.
		turnOnApproval(t, admin, "admin@example.com")
		before := rowCounts(t, e)
		r := admin.Do(createTokenOp, map[string]any{"i": map[string]any{"name": "Lonely", "roleId": admin.RoleID("AGENT"), "whitelist": []string{"198.51.100.1"}}})
		if r.Code() != "CONFLICT" || !strings.Contains(r.Errors[0].Message, "nobody but you") {
			t.Fatalf("a request only its requester could approve: %+v", r.Errors)
		}
		if after := rowCounts(t, e); !equalCounts(before, after) {
			t.Fatalf("the refused request wrote: %v -> %v", before, after)
		}
	})
}

// Text that ends up in emails and logs is one line: a note or a name carrying a line break
// could forge a line of the approval email ("Asked by: ceo@example.com").
func TestControlCharactersAreRefused(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		tok := createToken(admin, "Plain", admin.RoleID("Auditor"), nil)
		before := rowCounts(t, e)
		forged := "ours\r\nAsked by: ceo@example.com"
		cases := []struct {
			what, op, field string
			vars            map[string]any
		}{
			{"a note", `mutation($t:ID!,$n:String){ addWhitelistEntry(tokenId:$t, cidr:"10.0.0.1", note:$n){ id } }`, "note", map[string]any{"t": tok.CreateToken.Token.ID, "n": forged}},
			{"a token name", createTokenOp, "name", map[string]any{"i": map[string]any{"name": forged, "roleId": admin.RoleID("Auditor")}}},
			{"a renamed token", `mutation($t:ID!,$n:String){ updateToken(id:$t, input:{name:$n}){ id } }`, "name", map[string]any{"t": tok.CreateToken.Token.ID, "n": "tab\there"}},
			{"a user name", `mutation($n:String!,$r:ID!){ createUser(input:{email:"n@example.com", name:$n, password:"a long enough password", roleId:$r}){ id } }`, "name", map[string]any{"n": "Eve\nAdmin", "r": admin.RoleID("Auditor")}},
			{"a role name", `mutation($n:String!){ createRole(input:{name:$n, permissions:[]}){ id } }`, "name", map[string]any{"n": "Ops\x00"}},
			{"a module name", `mutation($n:String!){ createModule(input:{key:"mod", name:$n, actions:["read"]}){ key } }`, "name", map[string]any{"n": "Mod\u2028ule\r"}},
		}
		for _, c := range cases {
			r := admin.Do(c.op, c.vars)
			if r.Code() != "BAD_USER_INPUT" || r.Field() != c.field {
				t.Errorf("%s with control characters: %+v", c.what, r.Errors)
			}
		}
		if after := rowCounts(t, e); !equalCounts(before, after) {
			t.Fatalf("refused input wrote: %v -> %v", before, after)
		}
		// A description may have several lines.
		admin.MustDo(`mutation{ createRole(input:{name:"Ops", description:"Line one\nLine two", permissions:[]}){ id } }`, nil, &struct{}{})
	})
}
