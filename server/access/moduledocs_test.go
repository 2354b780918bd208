package access_test

import (
	"testing"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/access"
)

func TestModuleDocs(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		e := newEnv(d)
		base := "HTTPS://api.example.com/v1/"
		ex := []access.ExampleInput{
			{Title: " Get a client ", Method: "get", Path: "/clients/{id}?expand=kyc", Action: "READ"},
			{Title: "Add a client", Method: "POST", Path: "/clients", Body: " {\"name\": \"Ada\"} ", Action: "create"},
		}
		m, err := e.svc.CreateModule(e.ctx, access.ModuleInput{Key: "clients", Name: "Clients", Actions: []string{"read", "create"}, BaseURL: &base, Examples: &ex})
		if err != nil {
			t.Fatal(err)
		}
		got, err := e.svc.Module(e.ctx, m.Key)
		if err != nil {
			t.Fatal(err)
		}
		want := []db.ModuleExample{
			{Title: "Get a client", Method: "GET", Path: "/clients/{id}?expand=kyc", Action: "read"},
			{Title: "Add a client", Method: "POST", Path: "/clients", Body: `{"name": "Ada"}`, Action: "create"},
		}
		if got.BaseURL != "HTTPS://api.example.com/v1" || len(got.Examples) != 2 || got.Examples[0] != want[0] || got.Examples[1] != want[1] {
			t.Fatalf("stored %q %+v", got.BaseURL, got.Examples)
		}

		// Dropping an action that a kept example needs is refused, naming the actions.
		before := e.count(t, "audit_events")
		_, err = e.svc.UpdateModule(e.ctx, "clients", access.ModuleInput{Key: "clients", Name: "Clients", Actions: []string{"read"}})
		if field(err) != "actions" {
			t.Fatalf("dropping a documented action: %v", err)
		}
		// Given with the examples, the example is checked against the new actions.
		_, err = e.svc.UpdateModule(e.ctx, "clients", access.ModuleInput{Key: "clients", Name: "Clients", Actions: []string{"read"}, Examples: &ex})
		if field(err) != "examples[1].action" {
			t.Fatalf("an example needing a dropped action: %v", err)
		}
		if n := e.count(t, "audit_events"); n != before {
			t.Fatalf("refused updates were audited: %d -> %d", before, n)
		}
		if got, _ := e.svc.Module(e.ctx, "clients"); len(got.Examples) != 2 {
			t.Fatalf("a refused update changed the examples: %+v", got.Examples)
		}

		// An undocumented module stays out of the library; Keyward's own are never in it.
		if _, err := e.svc.CreateModule(e.ctx, access.ModuleInput{Key: "logs", Name: "Logs", Actions: []string{"read"}}); err != nil {
			t.Fatal(err)
		}
		lib, err := e.svc.APILibrary(e.ctx)
		if err != nil {
			t.Fatal(err)
		}
		if len(lib) != 1 || lib[0].Key != "clients" {
			t.Fatalf("library = %+v", lib)
		}
		if logs, _ := e.svc.Module(e.ctx, "logs"); logs.Examples == nil {
			t.Fatal("an undocumented module reads nil examples, want an empty list")
		}
	})
}
