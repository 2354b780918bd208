package graph_test

import (
	"strings"
	"testing"

	"github.com/keyward/keyward/server/app/apptest"
)

// TestPartnerFilterOfApprovalsAndLiveTokenCounts: an administrator narrows the pending
// approvals to one partner, each names its partner, and an application counts its tokens
// that are not revoked.
func TestPartnerFilterOfApprovalsAndLiveTokenCounts(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		admin.MustDo(`mutation{ updateSettings(input:{whitelistApproval:true, businessOwnerEmails:["bo@example.com"]}){ whitelistApproval } }`, nil, new(any))
		type ids struct{ partner, app string }
		made := map[string]ids{}
		for _, name := range []string{"Acme Fintech", "Northwind Retail"} {
			var p struct{ CreatePartner struct{ ID string } }
			admin.MustDo(`mutation($n:String!){ createPartner(input:{name:$n}){ id } }`, map[string]any{"n": name}, &p)
			var a struct{ CreateApplication struct{ ID string } }
			admin.MustDo(`mutation($p:ID!){ createApplication(input:{name:"Payments", partnerId:$p}){ id } }`, map[string]any{"p": p.CreatePartner.ID}, &a)
			made[name] = ids{p.CreatePartner.ID, a.CreateApplication.ID}
		}
		var tok struct {
			CreateToken struct{ Token struct{ ID string } }
		}
		for i, name := range []string{"Acme Fintech", "Acme Fintech", "Northwind Retail"} {
			admin.MustDo(`mutation($i:CreateTokenInput!){ createToken(input:$i){ token { id } } }`, map[string]any{"i": map[string]any{
				"name": name + " sync " + string(rune('1'+i)), "roleId": admin.RoleID("Auditor"), "applicationId": made[name].app,
				"whitelist": []string{"203.0.113." + string(rune('1'+i))}}}, &tok)
		}
		var ap struct {
			ApprovalRequests []struct {
				TokenName string
				Partner   *struct{ Name string }
			}
		}
		admin.MustDo(`query($p:ID){ approvalRequests(partnerId:$p){ tokenName partner { name } } }`, map[string]any{"p": made["Acme Fintech"].partner}, &ap)
		if len(ap.ApprovalRequests) != 2 {
			t.Fatalf("Acme's pending approvals: %+v", ap.ApprovalRequests)
		}
		for _, r := range ap.ApprovalRequests {
			if r.Partner == nil || r.Partner.Name != "Acme Fintech" || !strings.HasPrefix(r.TokenName, "Acme Fintech sync") {
				t.Fatalf("a pending approval of another partner: %+v", r)
			}
		}
		admin.MustDo(`{ approvalRequests { tokenName } }`, nil, &ap)
		if len(ap.ApprovalRequests) != 3 {
			t.Fatalf("every pending approval: %+v", ap.ApprovalRequests)
		}
		if r := admin.Do(`{ approvalRequests(partnerId:"x") { tokenName } }`, nil); r.Code() != "BAD_USER_INPUT" || r.Field() != "partnerId" {
			t.Fatalf("a bad partnerId: %s %s", r.Code(), r.Field())
		}

		count := func() int {
			var out struct{ Application struct{ LiveTokenCount int } }
			admin.MustDo(`query($id:ID!){ application(id:$id){ liveTokenCount } }`, map[string]any{"id": made["Acme Fintech"].app}, &out)
			return out.Application.LiveTokenCount
		}
		if n := count(); n != 2 {
			t.Fatalf("live tokens: %d, want 2", n)
		}
		var list struct {
			Tokens struct {
				Edges []struct{ Node struct{ ID string } }
			}
		}
		admin.MustDo(`query($a:ID!){ tokens(filter:{applicationId:$a}) { edges { node { id } } } }`, map[string]any{"a": made["Acme Fintech"].app}, &list)
		admin.MustDo(`mutation($id:ID!){ revokeToken(id:$id){ id } }`, map[string]any{"id": list.Tokens.Edges[0].Node.ID}, new(any))
		if n := count(); n != 1 {
			t.Fatalf("live tokens after a revocation: %d, want 1", n)
		}
	})
}
