package graph_test

import (
	"slices"
	"testing"

	"github.com/keyward/keyward/server/app/apptest"
)

// Searching tokens by a part of their name, in any case, finds them after a rename and not
// after their deletion, with terms short or long (SQLite reads a trigram index for three
// characters or more, and every name below that).
func TestTokenSearch(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		role := admin.RoleID("Auditor")
		ids := map[string]string{}
		for _, name := range []string{"Payments export", "Nightly PAYMENTS sync", "ledger \"quoted\" reader", "CRM sync"} {
			var out struct {
				CreateToken struct{ Token struct{ ID string } }
			}
			admin.MustDo(`mutation($i:CreateTokenInput!){ createToken(input:$i){ token { id } } }`, map[string]any{"i": map[string]any{"name": name, "roleId": role}}, &out)
			ids[name] = out.CreateToken.Token.ID
		}
		search := func(term string) []string {
			t.Helper()
			var out struct {
				Tokens struct {
					TotalCount      int
					TotalCountExact bool
					Edges           []struct{ Node struct{ Name string } }
				}
			}
			admin.MustDo(`query($s:String){ tokens(filter:{search:$s}){ totalCount totalCountExact edges { node { name } } } }`, map[string]any{"s": term}, &out)
			var names []string
			for _, e := range out.Tokens.Edges {
				names = append(names, e.Node.Name)
			}
			if out.Tokens.TotalCount != len(names) || !out.Tokens.TotalCountExact {
				t.Fatalf("%q: total %d exact=%v for %v", term, out.Tokens.TotalCount, out.Tokens.TotalCountExact, names)
			}
			slices.Sort(names)
			return names
		}
		for term, want := range map[string][]string{
			"payments":     {"Nightly PAYMENTS sync", "Payments export"},
			"PayMents Ex":  {"Payments export"},
			"sync":         {"CRM sync", "Nightly PAYMENTS sync"},
			"r":            {"CRM sync", "Payments export", "ledger \"quoted\" reader"},
			"ex":           {"Payments export"},
			`"quoted"`:     {"ledger \"quoted\" reader"},
			"100%":         nil,
			"no such name": nil,
		} {
			if got := search(term); !slices.Equal(got, want) {
				t.Errorf("%q: %v; want %v", term, got, want)
			}
		}
		var done map[string]any
		admin.MustDo(`mutation($id:ID!){ updateToken(id:$id, input:{name:"Refunds export"}){ id } }`, map[string]any{"id": ids["Payments export"]}, &done)
		admin.MustDo(`mutation($id:ID!){ deleteToken(id:$id) }`, map[string]any{"id": ids["CRM sync"]}, &done)
		for term, want := range map[string][]string{
			"payments": {"Nightly PAYMENTS sync"},
			"refunds":  {"Refunds export"},
			"sync":     {"Nightly PAYMENTS sync"},
		} {
			if got := search(term); !slices.Equal(got, want) {
				t.Errorf("after a rename and a deletion, %q: %v; want %v", term, got, want)
			}
		}
	})
}
