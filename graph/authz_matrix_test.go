package graph_test

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"slices"
	"sort"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/app/apptest"
	"github.com/keyward/keyward/server/partners"
	"github.com/keyward/keyward/server/tokens"
	"github.com/vektah/gqlparser/v2/ast"
)

// The authorization matrix: every operation of the schema, run by every built-in role and a
// few custom partial roles, each as a console session and as an API token (and anonymously),
// on objects a level below the caller (a role granting nothing) and above it (the
// Administrator role). Who may call an operation comes from the schema's directive; the
// domain's rules add that nobody acts on what grants more than they hold, that approvals are
// a person's and only the Business Owners' once they are named. A refused call must write
// nothing, and every FORBIDDEN is counted in the audit trail.
//
// The list of operations is read from the schema: an operation without a case here fails the
// test, so a new one cannot slip past it.

// level is where the object an operation acts on stands against the caller.
type level int

const (
	below level = iota // holds nothing (the role "Nobody"): every caller covers it
	above              // holds everything (the Administrator role): only an administrator covers it
)

func (l level) String() string { return [...]string{"below", "above"}[l] }

// caller is one row of the matrix.
type caller struct {
	name   string
	role   string
	roleID int64
	all    bool
	perms  map[string]bool
	token  bool
	anon   bool
	email  string
	client *apptest.Client
}

func (c *caller) has(perm string) bool { return c.all || c.perms[perm] }

// opCase says how to call one operation and what, beyond its directive, decides the answer.
type opCase struct {
	op string
	// vars builds the variables, making fresh objects at level l for the caller c.
	vars func(m *matrix, c *caller, l level) map[string]any
	// targeted: the operation acts on an object whose grant the caller must hold (run at
	// both levels); otherwise it runs once.
	targeted bool
	// person: only a signed-in user may (an API token is refused).
	person bool
	// decider: only the named Business Owners may (the separation of duties).
	decider bool
	// sessionChanging: it signs the caller in or out, so it runs anonymously and as a token
	// only (its session behaviour has tests of its own).
	sessionChanging bool
	// okCode is the answer once authorised ("" for success): a public operation given no
	// valid secret answers the same to everyone.
	okCode string
}

var matrixCases = map[string]opCase{
	// Public: the same answer for everyone.
	"Query.me":                 {op: `{ me { id } }`},
	"Query.setupRequired":      {op: `{ setupRequired }`},
	"Query.approvalRequest":    {op: `query($l:String!){ approvalRequest(link:$l){ id } }`, vars: badLink},
	"Mutation.setup":           {op: `mutation{ setup(email:"x@example.com", name:"X", password:"a long enough password"){ id } }`, okCode: "CONFLICT", sessionChanging: true},
	"Mutation.login":           {op: `mutation($e:String!){ login(email:$e, password:"a wrong password"){ codeRequired } }`, vars: unknownEmail, okCode: "UNAUTHENTICATED", sessionChanging: true},
	"Mutation.verifyLoginCode": {op: `mutation{ verifyLoginCode(code:"123456"){ codeRequired } }`, okCode: "UNAUTHENTICATED", sessionChanging: true},
	"Mutation.logout":          {op: `mutation{ logout }`, sessionChanging: true},
	"Mutation.decideApproval":  {op: `mutation($l:String!){ decideApproval(link:$l, approve:true){ id } }`, vars: badLink, okCode: "NOT_FOUND"},

	// Anyone signed in.
	"Query.notifications":            {op: `{ notifications { unreadCount } }`},
	"Query.appInfo":                  {op: `{ appInfo { version } }`},
	"Query.apiLibrary":               {op: `{ apiLibrary { key baseUrl examples { title method path } } }`},
	"Mutation.markNotificationsRead": {op: `mutation{ markNotificationsRead }`},
	// Each part of the dashboard is null for whoever may not read it (TestDashboardByRole).
	"Query.dashboard":            {op: `{ dashboard { expiringTokens { totalCount } pendingApprovals { totalCount } refusedLast24h { reason count } openTokens { totalCount } usage { day ok refused } } }`},
	"Query.pendingApprovalCount": {op: `{ pendingApprovalCount }`},
	"Mutation.changePassword": {op: `mutation($p:String!){ changePassword(currentPassword:$p, newPassword:$p) }`, person: true,
		vars: func(*matrix, *caller, level) map[string]any { return map[string]any{"p": apptest.AdminPassword} }},

	// Reads: the directive decides.
	"Query.users":            {op: `{ users { totalCount } }`},
	"Query.user":             {op: `query($id:ID!){ user(id:$id){ id } }`, vars: adminUser},
	"Query.roles":            {op: `{ roles { id grantable } }`},
	"Query.role":             {op: `query($id:ID!){ role(id:$id){ id missingPermissions } }`, vars: adminRole},
	"Query.permissions":      {op: `{ permissions { name } }`},
	"Query.modules":          {op: `{ modules { key } }`},
	"Query.approvalRequests": {op: `{ approvalRequests { id canDecide } }`},
	"Query.emailStatus":      {op: `{ emailStatus { transport } }`},
	"Query.auditEvents":      {op: `{ auditEvents { totalCount } }`},
	"Query.settings":         {op: `{ settings { whitelistApproval } }`},
	"Query.tokens":           {op: `{ tokens { totalCount } }`},
	"Query.token":            {op: `query($id:ID!){ token(id:$id){ id } }`, vars: func(m *matrix, _ *caller, _ level) map[string]any { return map[string]any{"id": m.token(above)} }},
	"Query.tokenPolicy":      {op: `{ tokenPolicy { maxLifetimeDays } }`},

	// Users.
	"Mutation.createUser": {op: `mutation($i:CreateUserInput!){ createUser(input:$i){ id } }`, targeted: true,
		vars: func(m *matrix, _ *caller, l level) map[string]any {
			return map[string]any{"i": map[string]any{"email": m.name("new") + "@example.com", "name": "New", "password": apptest.AdminPassword, "roleId": m.roleAt(l)}}
		}},
	"Mutation.updateUser": {op: `mutation($id:ID!){ updateUser(id:$id, input:{name:"Renamed", email:"renamed-` + "%s" + `@example.com"}){ id } }`, targeted: true,
		vars: func(m *matrix, _ *caller, l level) map[string]any { return map[string]any{"id": m.user(l)} }},
	"Mutation.deleteUser": {op: `mutation($id:ID!){ deleteUser(id:$id) }`, targeted: true,
		vars: func(m *matrix, _ *caller, l level) map[string]any { return map[string]any{"id": m.user(l)} }},

	// Roles and modules.
	"Mutation.createRole": {op: `mutation($i:RoleInput!){ createRole(input:$i){ id } }`, targeted: true,
		vars: func(m *matrix, _ *caller, l level) map[string]any {
			return map[string]any{"i": map[string]any{"name": m.name("role"), "permissions": m.permsAt(l)}}
		}},
	"Mutation.updateRole": {op: `mutation($id:ID!, $i:RoleInput!){ updateRole(id:$id, input:$i){ id } }`, targeted: true,
		vars: func(m *matrix, _ *caller, l level) map[string]any {
			id, name := m.role(l)
			return map[string]any{"id": id, "i": map[string]any{"name": name, "description": "changed", "permissions": m.permsAt(l)}}
		}},
	"Mutation.deleteRole": {op: `mutation($id:ID!){ deleteRole(id:$id) }`, targeted: true,
		vars: func(m *matrix, _ *caller, l level) map[string]any {
			id, _ := m.role(l)
			return map[string]any{"id": id}
		}},
	"Mutation.createModule": {op: `mutation($k:String!){ createModule(input:{key:$k, name:"New", actions:["read"]}){ key } }`,
		vars: func(m *matrix, _ *caller, _ level) map[string]any { return map[string]any{"k": m.key()} }},
	"Mutation.updateModule": {op: `mutation($k:String!){ updateModule(key:$k, input:{key:$k, name:"Changed", actions:["write"]}){ key } }`, targeted: true,
		vars: func(m *matrix, c *caller, l level) map[string]any { return map[string]any{"k": m.module(c, l)} }},
	"Mutation.deleteModule": {op: `mutation($k:String!){ deleteModule(key:$k) }`, targeted: true,
		vars: func(m *matrix, c *caller, l level) map[string]any { return map[string]any{"k": m.module(c, l)} }},

	// Tokens.
	"Mutation.createToken": {op: `mutation($i:CreateTokenInput!){ createToken(input:$i){ secret } }`, targeted: true,
		vars: func(m *matrix, _ *caller, l level) map[string]any {
			return map[string]any{"i": map[string]any{"name": m.name("token"), "roleId": m.roleAt(l)}}
		}},
	"Mutation.updateToken": {op: `mutation($id:ID!, $n:String!){ updateToken(id:$id, input:{name:$n}){ id } }`, targeted: true,
		vars: func(m *matrix, _ *caller, l level) map[string]any {
			return map[string]any{"id": m.token(l), "n": m.name("renamed")}
		}},
	"Mutation.regenerateToken": {op: `mutation($id:ID!){ regenerateToken(id:$id, oldSecretValidForHours:24){ secret } }`, targeted: true, vars: tokenAt},
	"Mutation.renewToken":      {op: `mutation($id:ID!){ renewToken(id:$id, days:30){ id } }`, targeted: true, vars: tokenAt},
	"Mutation.revokeToken":     {op: `mutation($id:ID!){ revokeToken(id:$id){ id } }`, targeted: true, vars: tokenAt},
	// A token below the caller with one at the level: above it, neither is revoked.
	"Mutation.revokeTokens": {op: `mutation($ids:[ID!]!){ revokeTokens(ids:$ids){ id } }`, targeted: true,
		vars: func(m *matrix, _ *caller, l level) map[string]any {
			return map[string]any{"ids": []string{m.token(below), m.token(l)}}
		}},
	"Mutation.deleteToken":       {op: `mutation($id:ID!){ deleteToken(id:$id) }`, targeted: true, vars: tokenAt},
	"Mutation.addWhitelistEntry": {op: `mutation($id:ID!){ addWhitelistEntry(tokenId:$id, cidr:"0.0.0.0/0"){ id } }`, targeted: true, vars: tokenAt},
	"Mutation.removeWhitelistEntry": {op: `mutation($id:ID!){ removeWhitelistEntry(id:$id) }`, targeted: true,
		vars: func(m *matrix, _ *caller, l level) map[string]any { return map[string]any{"id": m.entry(l)} }},

	// Approvals.
	"Mutation.resendApprovalRequest": {op: `mutation($id:ID!){ resendApprovalRequest(entryId:$id) }`, targeted: true,
		vars: func(m *matrix, _ *caller, l level) map[string]any { return map[string]any{"id": m.entry(l)} }},
	"Mutation.decideWhitelistEntry": {op: `mutation($id:ID!){ decideWhitelistEntry(id:$id, approve:true){ id } }`, person: true, decider: true,
		vars: func(m *matrix, _ *caller, _ level) map[string]any { return map[string]any{"id": m.entry(below)} }},

	// Partners and applications.
	"Query.partners":     {op: `{ partners { totalCount } }`},
	"Query.partner":      {op: `query($id:ID!){ partner(id:$id){ id } }`, vars: func(m *matrix, _ *caller, _ level) map[string]any { return map[string]any{"id": m.partner()} }},
	"Query.applications": {op: `{ applications { totalCount } }`},
	"Query.application":  {op: `query($id:ID!){ application(id:$id){ id clientId } }`, vars: func(m *matrix, _ *caller, _ level) map[string]any { return map[string]any{"id": m.application(above)} }},
	"Mutation.createPartner": {op: `mutation($n:String!){ createPartner(input:{name:$n, businessOwnerEmails:["bo@example.com"]}){ id } }`,
		vars: func(m *matrix, _ *caller, _ level) map[string]any { return map[string]any{"n": m.name("partner")} }},
	"Mutation.updatePartner": {op: `mutation($id:ID!,$n:String!){ updatePartner(id:$id, input:{name:$n}){ id } }`,
		vars: func(m *matrix, _ *caller, _ level) map[string]any {
			return map[string]any{"id": m.partner(), "n": m.name("renamed partner")}
		}},
	"Mutation.deletePartner": {op: `mutation($id:ID!){ deletePartner(id:$id) }`,
		vars: func(m *matrix, _ *caller, _ level) map[string]any { return map[string]any{"id": m.partner()} }},
	"Mutation.createApplication": {op: `mutation($n:String!){ createApplication(input:{name:$n}){ clientId } }`,
		vars: func(m *matrix, _ *caller, _ level) map[string]any { return map[string]any{"n": m.name("app")} }},
	"Mutation.updateApplication": {op: `mutation($id:ID!,$n:String!){ updateApplication(id:$id, input:{name:$n}){ id } }`,
		vars: func(m *matrix, _ *caller, _ level) map[string]any {
			return map[string]any{"id": m.application(below), "n": m.name("renamed app")}
		}},
	// Deleting an application revokes its tokens: one holding more than the caller is theirs to revoke only if they hold it.
	"Mutation.deleteApplication": {op: `mutation($id:ID!){ deleteApplication(id:$id) }`, targeted: true,
		vars: func(m *matrix, _ *caller, l level) map[string]any { return map[string]any{"id": m.application(l)} }},

	// Settings and email.
	"Mutation.updateSettings": {op: `mutation{ updateSettings(input:{reminderWindowDays:15}){ reminderWindowDays } }`},
	"Mutation.sendTestEmail":  {op: `mutation{ sendTestEmail(to:"ops@example.com") }`},
	"Mutation.retryEmail":     {op: `mutation{ retryEmail(id:"999999") }`, okCode: "BAD_USER_INPUT"},
}

func badLink(*matrix, *caller, level) map[string]any {
	return map[string]any{"l": strings.Repeat("x", 43)}
}

func unknownEmail(m *matrix, _ *caller, _ level) map[string]any {
	return map[string]any{"e": m.name("nobody") + "@example.com"}
}

func adminUser(m *matrix, _ *caller, _ level) map[string]any {
	return map[string]any{"id": strconv.FormatInt(m.adminID, 10)}
}

func adminRole(m *matrix, _ *caller, _ level) map[string]any {
	return map[string]any{"id": m.roleAt(above)}
}

func tokenAt(m *matrix, _ *caller, l level) map[string]any { return map[string]any{"id": m.token(l)} }

// matrix holds the running Keyward and makes the objects the cases act on, as the system.
type matrix struct {
	t        *testing.T
	e        *apptest.Env
	sys      context.Context
	adminID  int64
	nobody   int64
	admin    int64
	catalog  []string
	owners   []string
	seq      int
	tables   []string
	caseName string
}

func (m *matrix) name(prefix string) string {
	m.seq++
	return fmt.Sprintf("%s-%d", prefix, m.seq)
}

func (m *matrix) key() string {
	m.seq++
	return fmt.Sprintf("mod_%d", m.seq)
}

func (m *matrix) roleAt(l level) string {
	if l == above {
		return strconv.FormatInt(m.admin, 10)
	}
	return strconv.FormatInt(m.nobody, 10)
}

// permsAt is a grant at level l: nothing, or every permission of the catalog.
func (m *matrix) permsAt(l level) []string {
	if l == above {
		return m.catalog
	}
	return []string{}
}

func (m *matrix) must(err error) {
	m.t.Helper()
	if err != nil {
		m.t.Fatalf("%s: fixture: %v", m.caseName, err)
	}
}

func (m *matrix) roleIDAt(l level) int64 {
	if l == above {
		return m.admin
	}
	return m.nobody
}

func (m *matrix) token(l level) string {
	t, _, err := m.e.App.Tokens.Create(m.sys, tokens.NewToken{Name: m.name("target"), RoleID: m.roleIDAt(l)})
	m.must(err)
	return strconv.FormatInt(t.ID, 10)
}

// entry is a pending whitelist entry on a token at level l, asked of the Business Owners.
func (m *matrix) entry(l level) string {
	id, _ := strconv.ParseInt(m.token(l), 10, 64)
	e, err := m.e.App.Tokens.AddWhitelistEntry(m.sys, id, fmt.Sprintf("198.51.100.%d", m.seq%250+1), "")
	m.must(err)
	return strconv.FormatInt(e.ID, 10)
}

func (m *matrix) partner() string {
	p, err := m.e.App.Partners.CreatePartner(m.sys, partners.PartnerInput{Name: m.name("target partner")})
	m.must(err)
	return strconv.FormatInt(p.ID, 10)
}

// application is an application of the organisation's own with one token at level l.
func (m *matrix) application(l level) string {
	a, err := m.e.App.Partners.CreateApplication(m.sys, partners.ApplicationInput{Name: m.name("target app")})
	m.must(err)
	_, _, err = m.e.App.Tokens.Create(m.sys, tokens.NewToken{Name: m.name("app token"), RoleID: m.roleIDAt(l), ApplicationID: a.ID})
	m.must(err)
	return strconv.FormatInt(a.ID, 10)
}

func (m *matrix) user(l level) string {
	u, err := m.e.App.Access.CreateUser(m.sys, access.NewUser{Email: m.name("target") + "@example.com", Name: "Target", Password: apptest.AdminPassword, RoleID: m.roleIDAt(l)})
	m.must(err)
	return strconv.FormatInt(u.ID, 10)
}

func (m *matrix) role(l level) (string, string) {
	r, err := m.e.App.Access.CreateRole(m.sys, access.RoleInput{Name: m.name("target role"), Permissions: m.permsAt(l)})
	m.must(err)
	return strconv.FormatInt(r.ID, 10), r.Name
}

// module is a new module with one action; below the caller its permission is the caller's
// own, above it nobody but an administrator holds it.
func (m *matrix) module(c *caller, l level) string {
	key := m.key()
	_, err := m.e.App.Access.CreateModule(m.sys, access.ModuleInput{Key: key, Name: key, Actions: []string{"read"}})
	m.must(err)
	if l == below && !c.all && c.roleID > 0 {
		r, perms, err := m.e.App.Access.RoleWithPermissions(m.sys, c.roleID)
		m.must(err)
		_, err = m.e.App.Access.UpdateRole(m.sys, r.ID, access.RoleInput{Name: r.Name, Description: r.Description, Permissions: append(perms, key+":read")})
		m.must(err)
	}
	return key
}

// directive is who the schema lets call a field: "public", "authenticated" or a permission.
func directives(t *testing.T) map[string]string {
	schema := loadSchema(t)
	out := map[string]string{}
	for _, typ := range []*ast.Definition{schema.Query, schema.Mutation} {
		for _, f := range typ.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			for _, d := range f.Directives {
				switch d.Name {
				case "public", "authenticated":
					out[typ.Name+"."+f.Name] = d.Name
				case "hasPermission":
					out[typ.Name+"."+f.Name] = d.Arguments.ForName("permission").Value.Raw
				}
			}
		}
	}
	return out
}

// expect is the code the matrix requires of c calling op at level l ("" for success).
func expect(dir string, oc opCase, c *caller, l level, owners []string) string {
	switch {
	case dir == "public":
		return oc.okCode
	case c.anon:
		return "UNAUTHENTICATED"
	case dir != "authenticated" && !c.has(dir):
		return "FORBIDDEN"
	case oc.person && c.token:
		return "FORBIDDEN"
	case oc.decider && !slices.Contains(owners, c.email):
		return "FORBIDDEN"
	case oc.targeted && l == above && !c.all:
		return "FORBIDDEN"
	}
	return oc.okCode
}

func TestAuthorizationMatrix(t *testing.T) {
	// The two databases run side by side: each case waits mostly on its round trips.
	apptest.EachDialect(t, func(t *testing.T, d db.Dialect) {
		t.Parallel()
		runMatrix(t, apptest.New(t, d))
	})
}

func runMatrix(t *testing.T, e *apptest.Env) {
	m := newMatrix(t, e)
	callers := m.callers()
	dirs := directives(t)
	names := make([]string, 0, len(dirs))
	for name := range dirs {
		names = append(names, name)
	}
	sort.Strings(names)
	for name := range matrixCases {
		if _, ok := dirs[name]; !ok {
			t.Errorf("the matrix has a case for %s, which the schema does not have", name)
		}
	}
	cases, refused, forbidden := 0, 0, 0
	for _, name := range names {
		oc, ok := matrixCases[name]
		if !ok {
			t.Errorf("%s has no case in the authorization matrix: add one to matrixCases", name)
			continue
		}
		levels := []level{below}
		if oc.targeted {
			levels = append(levels, above)
		}
		for _, c := range callers {
			if oc.sessionChanging && !c.anon && !c.token {
				continue
			}
			for _, l := range levels {
				m.caseName = fmt.Sprintf("%s by %s at %s", name, c.name, l)
				var vars map[string]any
				if oc.vars != nil {
					vars = oc.vars(m, c, l)
				}
				op := oc.op
				if strings.Contains(op, "%s") {
					op = fmt.Sprintf(op, m.name("u"))
				}
				want := expect(dirs[name], oc, c, l, m.owners)
				// A refusal by an access rule (not a public operation's own answer) writes nothing.
				isRefusal := dirs[name] != "public" && (want == "FORBIDDEN" || want == "UNAUTHENTICATED")
				var before map[string]string
				if isRefusal {
					before = m.fingerprint()
				}
				r := c.client.Do(op, vars)
				cases++
				if got := r.Code(); got != want {
					t.Errorf("%s: got %q %+v; want %q", m.caseName, got, r.Errors, want)
					continue
				}
				if isRefusal {
					refused++
					if want == "FORBIDDEN" {
						forbidden++
					}
					for table, sum := range m.fingerprint() {
						if before[table] != sum {
							t.Errorf("%s: refused, yet it wrote to %s", m.caseName, table)
						}
					}
				}
			}
		}
	}
	// Every FORBIDDEN is in the audit trail, counted, once the refusals are flushed.
	if err := e.App.Refusals.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	var details []string
	if err := e.App.DB.NewSelect().Table("audit_events").Column("details").Where("action = ?", "access.denied").Scan(context.Background(), &details); err != nil {
		t.Fatal(err)
	}
	audited := 0
	for _, d := range details {
		var v struct{ Count int }
		if err := json.Unmarshal([]byte(d), &v); err != nil {
			t.Fatal(err)
		}
		audited += v.Count
	}
	if audited != forbidden {
		t.Errorf("the audit trail counts %d refused operations; the matrix refused %d with FORBIDDEN", audited, forbidden)
	}
	t.Logf("authorization matrix: %d operations, %d callers, %d cases, %d refused (%d FORBIDDEN, all audited)", len(names), len(callers), cases, refused, forbidden)
}

func newMatrix(t *testing.T, e *apptest.Env) *matrix {
	admin := e.SetupAdmin(t)
	m := &matrix{t: t, e: e, sys: context.Background()}
	u, err := e.App.Access.UserByEmail(m.sys, "admin@example.com")
	m.must(err)
	m.adminID = u.ID
	nobody, err := e.App.Access.CreateRole(m.sys, access.RoleInput{Name: "Nobody", Description: "Grants nothing"})
	m.must(err)
	m.nobody = nobody.ID
	adminRole, err := strconv.ParseInt(admin.RoleID("Administrator"), 10, 64)
	m.must(err)
	m.admin = adminRole
	_, err = e.App.Access.CreateModule(m.sys, access.ModuleInput{Key: "clients", Name: "Clients", Actions: []string{"read", "write"}})
	m.must(err)
	perms, err := e.App.Access.Permissions(m.sys)
	m.must(err)
	for _, p := range perms {
		m.catalog = append(m.catalog, p.Name)
	}
	m.tables = m.listTables()
	return m
}

// customRoles are the partial roles of the matrix, beside the built-in ones.
var customRoles = []access.RoleInput{
	{Name: "Token writer", Permissions: []string{"tokens:read", "tokens:write", "clients:read"}},
	{Name: "User admin", Permissions: []string{"users:read", "users:write", "roles:read"}},
	{Name: "Role admin", Permissions: []string{"roles:read", "roles:write", "clients:read"}},
	{Name: "Approver", Permissions: []string{"tokens:read", "whitelist:approve"}},
}

func (m *matrix) callers() []*caller {
	t, e := m.t, m.e
	for _, r := range customRoles {
		_, err := e.App.Access.CreateRole(m.sys, r)
		m.must(err)
	}
	admin := e.SignIn(t, "admin@example.com")
	out := []*caller{{name: "anonymous", anon: true, client: e.Client(t)}}
	for _, role := range []string{"Administrator", "Security Manager", "Business Owner", "Auditor", "Token writer", "User admin", "Role admin", "Approver"} {
		id, err := strconv.ParseInt(admin.RoleID(role), 10, 64)
		m.must(err)
		p, err := e.App.Access.PrincipalForRole(m.sys, id)
		m.must(err)
		slug := strings.ReplaceAll(strings.ToLower(role), " ", "-")
		session := &caller{name: role + " (session)", role: role, roleID: id, all: p.All, perms: p.Permissions, email: slug + "@example.com"}
		if role == "Administrator" {
			session.email, session.client = "admin@example.com", admin
		} else {
			session.client = e.CreateUser(t, admin, session.email, role)
		}
		_, secret, err := e.App.Tokens.Create(m.sys, tokens.NewToken{Name: role + " caller", RoleID: id})
		m.must(err)
		tc := e.Client(t)
		tc.Header.Set("X-Auth-Token", string(secret))
		out = append(out, session, &caller{name: role + " (token)", role: role, roleID: id, all: p.All, perms: p.Permissions, token: true, client: tc})
	}
	// Whitelist entries wait for two named Business Owners: one built-in, one custom.
	m.owners = []string{"approver@example.com", "business-owner@example.com"}
	admin.MustDo(`mutation($o:[String!]!){ updateSettings(input:{whitelistApproval:true, businessOwnerEmails:$o}){ whitelistApproval } }`,
		map[string]any{"o": m.owners}, &struct{}{})
	return out
}

func (m *matrix) listTables() []string {
	q := `SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name`
	if m.e.App.DB.Engine == db.Postgres {
		q = `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() ORDER BY table_name`
	}
	var all, out []string
	if err := m.e.App.DB.NewRaw(q).Scan(m.sys, &all); err != nil {
		m.t.Fatal(err)
	}
	for _, name := range all {
		// Sessions are touched by every signed-in request; River's own tables by its leader
		// and maintenance; the audit trail gets the refusals (counted separately), and its
		// actors (and their search index) with them; the daily counts of token uses are the
		// usage and refusal batches'.
		if name == "sessions" || name == "audit_events" || name == "token_use_days" || strings.HasPrefix(name, "audit_actors") || strings.HasPrefix(name, "river_") || strings.HasPrefix(name, "sqlite_") || strings.HasPrefix(name, "bun_") {
			continue
		}
		out = append(out, name)
	}
	return out
}

// volatile are columns that background work changes on its own (the usage and refusal
// batches).
var volatile = map[string]bool{"last_used_at": true, "last_used_ip": true, "use_count": true, "last_refused_at": true, "last_refused_reason": true}

// fingerprint hashes every row of every table a refused call could write, plus the emails
// queued and the audit events other than refusals, once background jobs are idle.
func (m *matrix) fingerprint() map[string]string {
	m.t.Helper()
	ctx := m.sys
	deadline := time.Now().Add(10 * time.Second)
	for {
		var busy int
		if err := m.e.App.DB.NewRaw(`SELECT count(*) FROM river_job WHERE state IN ('available', 'running', 'retryable', 'scheduled')`).Scan(ctx, &busy); err != nil {
			m.t.Fatal(err)
		}
		if busy == 0 {
			break
		}
		if time.Now().After(deadline) {
			m.t.Fatalf("%s: jobs still busy", m.caseName)
		}
		time.Sleep(10 * time.Millisecond)
	}
	out := map[string]string{}
	for _, table := range m.tables {
		var rows []map[string]any
		if err := m.e.App.DB.NewSelect().Table(table).Scan(ctx, &rows); err != nil {
			m.t.Fatalf("fingerprint %s: %v", table, err)
		}
		var lines []string
		for _, r := range rows {
			for k := range volatile {
				delete(r, k)
			}
			b, _ := json.Marshal(r)
			lines = append(lines, string(b))
		}
		sort.Strings(lines)
		sum := sha256.Sum256([]byte(strings.Join(lines, "\n")))
		out[table] = hex.EncodeToString(sum[:])
	}
	var jobs, events int
	// Emails queued (the periodic scans enqueue themselves whenever River's leader says).
	if err := m.e.App.DB.NewRaw(`SELECT count(*) FROM river_job WHERE kind = 'email'`).Scan(ctx, &jobs); err != nil {
		m.t.Fatal(err)
	}
	if err := m.e.App.DB.NewRaw(`SELECT count(*) FROM audit_events WHERE action <> 'access.denied'`).Scan(ctx, &events); err != nil {
		m.t.Fatal(err)
	}
	out["river_job (emails)"] = strconv.Itoa(jobs)
	out["audit_events (but refusals)"] = strconv.Itoa(events)
	return out
}
