package app_test

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/app"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/clock"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

// keyward demo documents FinCode's calls for the API library, once: a second run, or a module
// an administrator has documented since, is left alone.
func TestDemoDocumentsTheAPILibrary(t *testing.T) {
	dbtest.Each(t, func(t *testing.T, d *db.DB) {
		ctx := audit.WithActor(context.Background(), audit.Actor{Type: audit.ActorSystem})
		var out bytes.Buffer
		if err := app.SeedDemo(ctx, d, clock.System{}, &out); err != nil {
			t.Fatal(err)
		}
		if !strings.Contains(out.String(), "API modules documented for the API library") {
			t.Fatalf("first run: %q", out.String())
		}
		a := access.New(d, clock.System{}, access.DefaultThrottle)
		lib, err := a.APILibrary(ctx)
		if err != nil {
			t.Fatal(err)
		}
		keys := make([]string, len(lib))
		var customer *db.ModuleExample
		for i, m := range lib {
			keys[i] = m.Key
			if m.BaseURL != app.DemoBaseURL {
				t.Errorf("%s: baseUrl %q", m.Key, m.BaseURL)
			}
			for j, x := range m.Examples {
				if x.Title == "Get Customer Details with Token" {
					customer = &m.Examples[j]
				}
			}
		}
		slices.Sort(keys)
		if want := []string{"beneficiaries", "clients", "quotes", "tenant", "transactions"}; !slices.Equal(keys, want) {
			t.Fatalf("documented modules %v; want %v", keys, want)
		}
		if customer == nil || customer.Method != "GET" || customer.Path != "/customers/{customerId}" || customer.Action != "read" {
			t.Fatalf("Get Customer Details with Token = %+v", customer)
		}

		// An administrator's own documentation survives a second run.
		base := "https://api.example.com/v2"
		none := []access.ExampleInput{}
		m, err := a.Module(ctx, "quotes")
		if err != nil {
			t.Fatal(err)
		}
		if _, err := a.UpdateModule(ctx, "quotes", access.ModuleInput{Key: "quotes", Name: m.Name, Actions: []string{"request"}, BaseURL: &base, Examples: &none}); err != nil {
			t.Fatal(err)
		}
		out.Reset()
		if err := app.SeedDemo(ctx, d, clock.System{}, &out); err != nil {
			t.Fatal(err)
		}
		if strings.Contains(out.String(), "documented") {
			t.Fatalf("second run documented again: %q", out.String())
		}
		if m, _ := a.Module(ctx, "quotes"); m.BaseURL != base || len(m.Examples) != 0 {
			t.Fatalf("second run overwrote an administrator's documentation: %+v", m)
		}
	})
}
