package graph_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/keyward/keyward/graph"
	"github.com/keyward/keyward/server/app/apptest"
	"github.com/vektah/gqlparser/v2"
	"github.com/vektah/gqlparser/v2/ast"
)

// loadSchema reads the schema the server is generated from.
func loadSchema(t *testing.T) *ast.Schema {
	t.Helper()
	files, err := filepath.Glob("schema/*.graphqls")
	if err != nil || len(files) == 0 {
		t.Fatalf("schema files: %v %v", files, err)
	}
	var sources []*ast.Source
	for _, f := range files {
		b, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		sources = append(sources, &ast.Source{Name: f, Input: string(b)})
	}
	schema, gerr := gqlparser.LoadSchema(sources...)
	if gerr != nil {
		t.Fatal(gerr)
	}
	return schema
}

// Every field of Query and Mutation says who may call it, with exactly one directive.
// auditEvent is an event of the audit trail as the console lists it.
type auditEvent struct{ Action, Actor, Target, Outcome, Details string }

// auditTrail writes the refusals waiting for their batch, then returns the newest first
// events whose action is action (or starts with it, for a prefix ending in a dot), as c
// reads them.
func auditTrail(t *testing.T, e *apptest.Env, c *apptest.Client, action string, first int) []auditEvent {
	t.Helper()
	if err := e.App.Refusals.Flush(context.Background()); err != nil {
		t.Fatal(err)
	}
	var out struct {
		AuditEvents struct{ Edges []struct{ Node auditEvent } }
	}
	c.MustDo(`query($a:String!, $n:Int!){ auditEvents(filter:{action:$a}, first:$n){ edges { node { action actor target outcome details } } } }`,
		map[string]any{"a": action, "n": first}, &out)
	events := make([]auditEvent, len(out.AuditEvents.Edges))
	for i, ed := range out.AuditEvents.Edges {
		events[i] = ed.Node
	}
	return events
}

func TestEveryFieldIsGuarded(t *testing.T) {
	schema := loadSchema(t)
	for _, typ := range []*ast.Definition{schema.Query, schema.Mutation} {
		for _, f := range typ.Fields {
			if strings.HasPrefix(f.Name, "__") {
				continue
			}
			n := 0
			for _, d := range f.Directives {
				switch d.Name {
				case "hasPermission", "authenticated", "public":
					n++
				}
			}
			if n != 1 {
				t.Errorf("%s.%s has %d access directives; want exactly 1", typ.Name, f.Name, n)
			}
		}
	}
}

func TestErrorPresenterHidesInternals(t *testing.T) {
	var logs bytes.Buffer
	present := graph.ErrorPresenter(slog.New(slog.NewTextHandler(&logs, nil)), nil)
	err := present(context.Background(), errors.New(`pq: relation "users" does not exist: SELECT password_hash FROM users`))
	if err.Message != "internal error" || err.Extensions["code"] != "INTERNAL" {
		t.Fatalf("presented %+v", err)
	}
	if !strings.Contains(logs.String(), "password_hash") {
		t.Fatal("the detail must reach the log")
	}
}

func TestInternalErrorEndToEnd(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		if _, err := e.App.DB.ExecContext(context.Background(), "DROP TABLE audit_events"); err != nil {
			t.Fatal(err)
		}
		r := admin.Do(`{ auditEvents { totalCount } }`, nil)
		if r.Code() != "INTERNAL" || r.Errors[0].Message != "internal error" {
			t.Fatalf("%+v", r.Errors)
		}
	})
}

func TestPermissionsAndLimits(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		anon := e.Client(t)
		for _, q := range []string{`{ users { totalCount } }`, `{ roles { id } }`, `{ auditEvents { totalCount } }`, `{ tokens { totalCount } }`} {
			if r := anon.Do(q, nil); r.Code() != "UNAUTHENTICATED" {
				t.Errorf("anonymous %s: %+v", q, r.Errors)
			}
		}
		for _, q := range []string{`{ __schema { types { name } } }`, `{ __type(name:"Token") { name } }`, `{ me { id } t: __schema { queryType { name } } }`} {
			if r := anon.Do(q, nil); r.Code() != "UNAUTHENTICATED" || r.Data != nil && string(r.Data) != "null" {
				t.Errorf("anonymous introspection %s: %+v %s", q, r.Errors, r.Data)
			}
		}
		// Nobody learns field names from suggestions before signing in.
		if r := anon.Do(`{ setupRequiredd }`, nil); len(r.Errors) == 0 || strings.Contains(r.Errors[0].Message, "Did you mean") {
			t.Errorf("anonymous typo: %+v", r.Errors)
		}
		admin := e.SetupAdmin(t)
		var schema struct {
			Schema struct{ Types []struct{ Name string } } `json:"__schema"`
		}
		admin.MustDo(`{ __schema { types { name } } }`, nil, &schema)
		if len(schema.Schema.Types) == 0 {
			t.Error("signed-in introspection returned nothing")
		}
		if r := admin.Do(`{ setupRequiredd }`, nil); len(r.Errors) == 0 || !strings.Contains(r.Errors[0].Message, `Did you mean "setupRequired"`) {
			t.Errorf("signed-in typo gets no suggestion: %+v", r.Errors)
		}
		// GraphiQL's own schema queries (14 deep) run, as a session and as a token.
		var tok struct{ CreateToken struct{ Secret string } }
		admin.MustDo(`mutation($r:ID!){ createToken(input:{name:"Explorer", roleId:$r}){ secret } }`, map[string]any{"r": admin.RoleID("Auditor")}, &tok)
		script := e.Client(t)
		script.Header.Set("X-Auth-Token", tok.CreateToken.Secret)
		for _, file := range []string{"testdata/introspection.graphql", "testdata/introspection-deprecation.graphql"} {
			q, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			for who, c := range map[string]*apptest.Client{"session": admin, "token": script} {
				var out struct {
					Schema struct {
						QueryType struct{ Name string }
						Types     []struct{ Name string }
					} `json:"__schema"`
				}
				c.MustDo(string(q), nil, &out)
				if out.Schema.QueryType.Name != "Query" || len(out.Schema.Types) < 20 {
					t.Errorf("%s as a %s: %+v", file, who, out.Schema.QueryType)
				}
			}
		}

		auditor := e.CreateUser(t, admin, "auditor@example.com", "Auditor")
		var users struct{ Users struct{ TotalCount int } }
		auditor.MustDo(`{ users { totalCount } }`, nil, &users)
		r := auditor.Do(`mutation{ createRole(input:{name:"x",permissions:[]}){ id } }`, nil)
		if r.Code() != "FORBIDDEN" || r.Errors[0].Message != "Insufficient permissions to access this resource" || r.Errors[0].Extensions["role"] != "Auditor" {
			t.Fatalf("auditor createRole: %+v", r.Errors)
		}
		sm := e.CreateUser(t, admin, "sm@example.com", "Security Manager")
		if r := sm.Do(`{ users { totalCount } }`, nil); r.Code() != "FORBIDDEN" {
			t.Fatalf("security manager users: %+v", r.Errors)
		}

		// A role change applies to its holders' very next request.
		var role struct{ CreateRole struct{ ID string } }
		admin.MustDo(`mutation{ createRole(input:{name:"Readers",permissions:["users:read"]}){ id } }`, nil, &role)
		reader := e.CreateUser(t, admin, "reader@example.com", "Readers")
		reader.MustDo(`{ users { totalCount } }`, nil, &users)
		admin.MustDo(`mutation($id:ID!){ updateRole(id:$id, input:{name:"Readers",permissions:["audit:read"]}){ id } }`, map[string]any{"id": role.CreateRole.ID}, &struct{}{})
		if r := reader.Do(`{ users { totalCount } }`, nil); r.Code() != "FORBIDDEN" {
			t.Fatalf("after the role lost users:read: %+v", r.Errors)
		}
		if r := admin.Do(`mutation($id:ID!){ deleteRole(id:$id) }`, map[string]any{"id": role.CreateRole.ID}); r.Code() != "CONFLICT" {
			t.Fatalf("deleting a role in use: %+v", r.Errors)
		}
	})
}

func TestBadInputNamesTheFieldThroughGraphQL(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		auditor := admin.RoleID("Auditor")
		count := func() [3]int {
			var out struct {
				Users       struct{ TotalCount int }
				Roles       []struct{ ID string }
				AuditEvents struct{ TotalCount int }
			}
			admin.MustDo(`{ users { totalCount } roles { id } auditEvents { totalCount } }`, nil, &out)
			return [3]int{out.Users.TotalCount, len(out.Roles), out.AuditEvents.TotalCount}
		}
		createUser := `mutation($i:CreateUserInput!){ createUser(input:$i){ id } }`
		cases := []struct {
			name, op, code, field string
			vars                  map[string]any
		}{
			{"email", createUser, "BAD_USER_INPUT", "email", map[string]any{"i": map[string]any{"email": "nope", "name": "N", "password": "a long enough password", "roleId": auditor}}},
			{"name", createUser, "BAD_USER_INPUT", "name", map[string]any{"i": map[string]any{"email": "n@example.com", "name": " ", "password": "a long enough password", "roleId": auditor}}},
			{"password", createUser, "BAD_USER_INPUT", "password", map[string]any{"i": map[string]any{"email": "n@example.com", "name": "N", "password": "short", "roleId": auditor}}},
			{"roleId", createUser, "BAD_USER_INPUT", "roleId", map[string]any{"i": map[string]any{"email": "n@example.com", "name": "N", "password": "a long enough password", "roleId": "abc"}}},
			{"duplicate email", createUser, "CONFLICT", "email", map[string]any{"i": map[string]any{"email": "ADMIN@example.com", "name": "N", "password": "a long enough password", "roleId": auditor}}},
			{"role name", `mutation{ createRole(input:{name:"",permissions:[]}){ id } }`, "BAD_USER_INPUT", "name", nil},
			{"duplicate role", `mutation{ createRole(input:{name:"auditor",permissions:[]}){ id } }`, "CONFLICT", "name", nil},
			{"unknown permission", `mutation{ createRole(input:{name:"R",permissions:["nope:read"]}){ id } }`, "BAD_USER_INPUT", "permissions", nil},
			{"module key", `mutation{ createModule(input:{key:"Bad Key",name:"M",actions:["read"]}){ key } }`, "BAD_USER_INPUT", "key", nil},
			{"module actions", `mutation{ createModule(input:{key:"mod",name:"M",actions:[]}){ key } }`, "BAD_USER_INPUT", "actions", nil},
			{"first", `{ users(first: 0) { totalCount } }`, "BAD_USER_INPUT", "first", nil},
			{"time", `mutation{ createToken(input:{name:"x", roleId:"1", expiresAt:"not-a-date"}){ secret } }`, "BAD_USER_INPUT", "expiresAt", nil},
			{"time variable", `mutation($i:CreateTokenInput!){ createToken(input:$i){ secret } }`, "BAD_USER_INPUT", "expiresAt", map[string]any{"i": map[string]any{"name": "x", "roleId": "1", "expiresAt": "2026-03-01 09:00"}}},
			{"time in a filter", `{ auditEvents(filter:{from:"yesterday"}) { totalCount } }`, "BAD_USER_INPUT", "from", nil},
			{"id", `{ token(id: "abc") { id } }`, "BAD_USER_INPUT", "id", nil},
			{"after", `{ users(after: "garbage") { totalCount } }`, "BAD_USER_INPUT", "after", nil},
		}
		before := count()
		for _, c := range cases {
			t.Run(c.name, func(t *testing.T) {
				r := admin.Do(c.op, c.vars)
				if r.Code() != c.code || r.Field() != c.field {
					t.Fatalf("got %+v; want %s on %s", r.Errors, c.code, c.field)
				}
			})
		}
		if after := count(); after != before {
			t.Fatalf("refused input wrote something: %v -> %v", before, after)
		}
		if strings.Contains(e.LogText(), "level=ERROR") {
			t.Fatalf("bad input was logged as an error:\n%s", e.LogText())
		}
	})
}

func TestLoginThrottleEndToEnd(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		e.SetupAdmin(t)
		c := e.Client(t)
		login := `mutation($p:String!){ login(email:"admin@example.com", password:$p){ user { id } } }`
		for i := 0; i < 6; i++ {
			if r := c.Do(login, map[string]any{"p": "wrong password " + string(rune('a'+i))}); r.Code() != "UNAUTHENTICATED" {
				t.Fatalf("attempt %d: %+v", i, r.Errors)
			}
		}
		r := c.Do(login, map[string]any{"p": apptest.AdminPassword})
		if r.Code() != "UNAUTHENTICATED" || !strings.Contains(r.Errors[0].Message, "Too many") {
			t.Fatalf("the failing address got to try the right password: %+v", r.Errors)
		}
		e.Clock.Add(31 * 1e9)
		admin := e.SignIn(t, "admin@example.com")
		outcomes := map[string]int{}
		for _, ev := range auditTrail(t, e, admin, "user.login", 100) {
			outcomes[ev.Outcome]++
			if strings.Contains(ev.Details, "wrong password") || strings.Contains(ev.Details, apptest.AdminPassword) {
				t.Fatalf("a password reached the audit trail: %s", ev.Details)
			}
		}
		if outcomes["FAILURE"] != 6 || outcomes["DENIED"] != 1 || outcomes["SUCCESS"] < 1 {
			t.Fatalf("login events by outcome: %v", outcomes)
		}
		if strings.Contains(e.LogText(), apptest.AdminPassword) {
			t.Fatal("a password reached the log")
		}
	})
}
