package graph_test

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/keyward/keyward/server/app/apptest"
)

// The API library: an API module documents its API (a base URL and example calls) and every
// signed-in caller reads the documented modules; bad documentation is refused naming its field
// and writes nothing.

const updateModuleOp = `mutation($k:String!,$i:ModuleInput!){ updateModule(key:$k, input:$i){ key baseUrl examples { title method path description body action } } }`

type libraryOut struct {
	APILibrary []struct {
		Key, Name string
		BaseURL   *string `json:"baseUrl"`
		Examples  []struct{ Title, Method, Path, Description, Body, Action string }
	} `json:"apiLibrary"`
}

func example(title, method, path string) map[string]any {
	return map[string]any{"title": title, "method": method, "path": path}
}

func clientsModule(docs map[string]any) map[string]any {
	in := map[string]any{"key": "clients", "name": "Clients", "actions": []string{"read", "create"}}
	for k, v := range docs {
		in[k] = v
	}
	return in
}

func TestAPILibrary(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		admin.MustDo(`mutation($i:ModuleInput!){ createModule(input:$i){ key } }`, map[string]any{"i": clientsModule(nil)}, &struct{}{})
		admin.MustDo(`mutation{ createModule(input:{key:"quiet", name:"Quiet", actions:["read"]}){ key } }`, nil, &struct{}{})

		var lib libraryOut
		admin.MustDo(`{ apiLibrary { key } }`, nil, &lib)
		if len(lib.APILibrary) != 0 {
			t.Fatalf("undocumented modules listed: %+v", lib.APILibrary)
		}

		get := example("Get Customer Details with Token", "get", "/customers/{id}")
		get["description"] = "One customer by id"
		get["action"] = "read"
		post := example("Create a customer", "POST", "/customers")
		post["body"] = `{"name": "Ada \"the first\" Lovelace"}`
		var up struct {
			UpdateModule struct {
				BaseURL  *string `json:"baseUrl"`
				Examples []struct{ Method, Path, Action string }
			}
		}
		admin.MustDo(updateModuleOp, map[string]any{"k": "clients", "i": clientsModule(map[string]any{
			"baseUrl": " https://demo.fincode.software/api/v6/services/ ", "examples": []any{get, post}})}, &up)
		if up.UpdateModule.BaseURL == nil || *up.UpdateModule.BaseURL != "https://demo.fincode.software/api/v6/services" {
			t.Fatalf("baseUrl = %v, want it trimmed of spaces and the trailing slash", up.UpdateModule.BaseURL)
		}
		if ex := up.UpdateModule.Examples; len(ex) != 2 || ex[0].Method != "GET" || ex[0].Action != "read" || ex[1].Path != "/customers" {
			t.Fatalf("examples = %+v", ex)
		}

		// An update that leaves the documentation out keeps it (older clients send none).
		admin.MustDo(updateModuleOp, map[string]any{"k": "clients", "i": clientsModule(map[string]any{"description": "Customer records"})}, &up)
		if len(up.UpdateModule.Examples) != 2 {
			t.Fatalf("an update without examples dropped them: %+v", up.UpdateModule.Examples)
		}

		// Every signed-in caller reads the library: a user holding nothing, an API token of a
		// role holding nothing, a partner's user.
		admin.MustDo(`mutation{ createRole(input:{name:"Nobody", permissions:[]}){ id } }`, nil, &struct{}{})
		tok := createToken(admin, "Reader", admin.RoleID("Nobody"), nil)
		tokenClient := e.Client(t)
		tokenClient.Header.Set("X-Auth-Token", tok.CreateToken.Secret)
		var partner struct{ CreatePartner struct{ ID string } }
		admin.MustDo(`mutation{ createPartner(input:{name:"Acme"}){ id } }`, nil, &partner)
		admin.MustDo(`mutation($i:CreateUserInput!){ createUser(input:$i){ id } }`, map[string]any{"i": map[string]any{
			"email": "dev@acme.example", "name": "Dev", "password": apptest.AdminPassword, "roleId": admin.RoleID("Nobody"), "partnerId": partner.CreatePartner.ID}}, &struct{}{})
		for name, c := range map[string]*apptest.Client{
			"user holding nothing": e.CreateUser(t, admin, "nobody@example.com", "Nobody"),
			"API token":            tokenClient,
			"partner user":         e.SignIn(t, "dev@acme.example"),
		} {
			var lib libraryOut
			c.MustDo(`{ apiLibrary { key name baseUrl examples { title method path description body action } } }`, nil, &lib)
			if len(lib.APILibrary) != 1 || lib.APILibrary[0].Key != "clients" || len(lib.APILibrary[0].Examples) != 2 {
				t.Fatalf("%s: apiLibrary = %+v", name, lib.APILibrary)
			}
			ex := lib.APILibrary[0].Examples
			if ex[0].Title != "Get Customer Details with Token" || ex[0].Description != "One customer by id" || ex[1].Body != `{"name": "Ada \"the first\" Lovelace"}` {
				t.Fatalf("%s: examples = %+v", name, ex)
			}
		}
		if r := e.Client(t).Do(`{ apiLibrary { key } }`, nil); r.Code() != "UNAUTHENTICATED" {
			t.Fatalf("anonymous apiLibrary: %+v", r.Errors)
		}

		// The change is audited as a module update, naming what the documentation became.
		var events struct {
			AuditEvents struct {
				Edges []struct {
					Node struct{ Details json.RawMessage }
				}
			}
		}
		admin.MustDo(`{ auditEvents(filter:{action:"module.update"}) { edges { node { details } } } }`, nil, &events)
		found := false
		for _, ed := range events.AuditEvents.Edges {
			if strings.Contains(string(ed.Node.Details), "GET /customers/{id}") && strings.Contains(string(ed.Node.Details), "demo.fincode.software") {
				found = true
			}
		}
		if !found {
			t.Fatalf("no module.update event with the documentation: %+v", events)
		}

		// Clearing both takes the module out of the library.
		admin.MustDo(updateModuleOp, map[string]any{"k": "clients", "i": clientsModule(map[string]any{"baseUrl": "", "examples": []any{}})}, &up)
		admin.MustDo(`{ apiLibrary { key } }`, nil, &lib)
		if len(lib.APILibrary) != 0 {
			t.Fatalf("cleared module still listed: %+v", lib.APILibrary)
		}
	})
}

func TestModuleDocsBadInput(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		good := example("Get a customer", "GET", "/customers/{id}")
		admin.MustDo(`mutation($i:ModuleInput!){ createModule(input:$i){ key } }`, map[string]any{"i": clientsModule(map[string]any{
			"baseUrl": "https://api.example.com/v1", "examples": []any{good}})}, &struct{}{})
		with := func(k string, v any) map[string]any {
			x := example("Create a customer", "POST", "/customers")
			x[k] = v
			return x
		}
		many := make([]any, 51)
		for i := range many {
			many[i] = good
		}
		cases := []struct {
			name  string
			docs  map[string]any
			field string
		}{
			{"relative base URL", map[string]any{"baseUrl": "/api/v1"}, "baseUrl"},
			{"ftp base URL", map[string]any{"baseUrl": "ftp://api.example.com"}, "baseUrl"},
			{"base URL with a query", map[string]any{"baseUrl": "https://api.example.com/v1?x=1"}, "baseUrl"},
			{"base URL with a fragment", map[string]any{"baseUrl": "https://api.example.com/v1#top"}, "baseUrl"},
			{"base URL with credentials", map[string]any{"baseUrl": "https://me:secret@api.example.com"}, "baseUrl"},
			{"base URL without a host", map[string]any{"baseUrl": "https://"}, "baseUrl"},
			{"base URL with a space", map[string]any{"baseUrl": "https://api.example.com/a b"}, "baseUrl"},
			{"base URL of a placeholder host", map[string]any{"baseUrl": "https://{domain}.fincode.software"}, "baseUrl"},
			{"too long a base URL", map[string]any{"baseUrl": "https://example.com/" + strings.Repeat("a", 500)}, "baseUrl"},
			{"51 examples", map[string]any{"examples": many}, "examples"},
			{"no title", map[string]any{"examples": []any{good, with("title", "  ")}}, "examples[1].title"},
			{"too long a title", map[string]any{"examples": []any{with("title", strings.Repeat("t", 121))}}, "examples[0].title"},
			{"a title of two lines", map[string]any{"examples": []any{with("title", "a\nb")}}, "examples[0].title"},
			{"unknown method", map[string]any{"examples": []any{good, good, with("method", "TRACE")}}, "examples[2].method"},
			{"empty method", map[string]any{"examples": []any{with("method", "")}}, "examples[0].method"},
			{"path without a slash", map[string]any{"examples": []any{good, good, with("path", "customers")}}, "examples[2].path"},
			{"empty path", map[string]any{"examples": []any{with("path", "")}}, "examples[0].path"},
			{"a full URL as path", map[string]any{"examples": []any{with("path", "https://evil.example/x")}}, "examples[0].path"},
			{"protocol-relative path", map[string]any{"examples": []any{with("path", "//evil.example/x")}}, "examples[0].path"},
			{"path with a space", map[string]any{"examples": []any{with("path", "/a b")}}, "examples[0].path"},
			{"path with a quote", map[string]any{"examples": []any{with("path", `/a"b`)}}, "examples[0].path"},
			{"path with a fragment", map[string]any{"examples": []any{with("path", "/a#b")}}, "examples[0].path"},
			{"body not JSON", map[string]any{"examples": []any{with("body", "{name: 1}")}}, "examples[0].body"},
			{"body too large", map[string]any{"examples": []any{with("body", `"`+strings.Repeat("x", 16<<10)+`"`)}}, "examples[0].body"},
			{"body on a GET", map[string]any{"examples": []any{func() map[string]any { x := with("body", "{}"); x["method"] = "GET"; return x }()}}, "examples[0].body"},
			{"body on a DELETE", map[string]any{"examples": []any{func() map[string]any { x := with("body", "{}"); x["method"] = "delete"; return x }()}}, "examples[0].body"},
			{"too long a description", map[string]any{"examples": []any{with("description", strings.Repeat("d", 501))}}, "examples[0].description"},
			{"action the module lacks", map[string]any{"examples": []any{with("action", "delete")}}, "examples[0].action"},
		}
		before := rowCounts(t, e)
		var audits int
		count := func() int {
			n, err := e.App.DB.NewSelect().Table("audit_events").Where("action LIKE 'module.%'").Count(context.Background())
			if err != nil {
				t.Fatal(err)
			}
			return int(n)
		}
		audits = count()
		for _, c := range cases {
			t.Run("case="+c.name, func(t *testing.T) {
				for _, op := range []struct {
					q    string
					vars map[string]any
				}{
					{updateModuleOp, map[string]any{"k": "clients", "i": clientsModule(c.docs)}},
					{`mutation($i:ModuleInput!){ createModule(input:$i){ key } }`, map[string]any{"i": func() map[string]any {
						in := clientsModule(c.docs)
						in["key"] = "other"
						return in
					}()}},
				} {
					r := admin.Do(op.q, op.vars)
					if r.Code() != "BAD_USER_INPUT" || r.Field() != c.field {
						t.Fatalf("want BAD_USER_INPUT on %s, got %+v", c.field, r.Errors)
					}
				}
			})
		}
		var lib libraryOut
		admin.MustDo(`{ apiLibrary { key baseUrl examples { title } } }`, nil, &lib)
		if len(lib.APILibrary) != 1 || *lib.APILibrary[0].BaseURL != "https://api.example.com/v1" || len(lib.APILibrary[0].Examples) != 1 {
			t.Fatalf("bad input changed the module: %+v", lib.APILibrary)
		}
		var mods struct{ Modules []struct{ Key string } }
		admin.MustDo(`{ modules { key } }`, nil, &mods)
		for _, m := range mods.Modules {
			if m.Key == "other" {
				t.Fatal("bad input created a module")
			}
		}
		if after := rowCounts(t, e); !equalCounts(before, after) {
			t.Errorf("bad input wrote: %v -> %v", before, after)
		}
		if n := count(); n != audits {
			t.Errorf("bad input was audited as a change: %d -> %d module events", audits, n)
		}
		if strings.Contains(e.LogText(), "level=ERROR") {
			t.Errorf("bad input reached the error log:\n%s", e.LogText())
		}

		// Keyward's own modules cannot be documented: they cannot be changed at all.
		r := admin.Do(updateModuleOp, map[string]any{"k": "tokens", "i": map[string]any{"key": "tokens", "name": "API tokens", "actions": []string{"read"}, "baseUrl": "https://keyward.example"}})
		if r.Code() != "FORBIDDEN" {
			t.Fatalf("documenting a built-in module: %+v", r.Errors)
		}
	})
}
