package graph_test

import (
	"strings"
	"testing"
	"time"

	"github.com/keyward/keyward/server/app/apptest"
)

const createTokenOp = `mutation($i:CreateTokenInput!){ createToken(input:$i){ secret token { id name hint status expiresAt expiryReminders whitelist { cidr status } role { name } createdBy } } }`

type tokenOut struct {
	CreateToken struct {
		Secret string
		Token  struct {
			ID, Name, Hint, Status, CreatedBy string
			ExpiresAt                         *time.Time
			ExpiryReminders                   bool
			Whitelist                         []struct{ Cidr, Status string }
			Role                              struct{ Name string }
		}
	}
}

// createToken has c create a token named name with the given role, and the other fields of
// CreateTokenInput in extra.
func createToken(c *apptest.Client, name, roleID string, extra map[string]any) tokenOut {
	in := map[string]any{"name": name, "roleId": roleID}
	for k, v := range extra {
		in[k] = v
	}
	var out tokenOut
	c.MustDo(createTokenOp, map[string]any{"i": in}, &out)
	return out
}

func TestTokenLifecycleThroughGraphQL(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		exp := apptest.Start.Add(30 * 24 * time.Hour)
		var out tokenOut
		admin.MustDo(createTokenOp, map[string]any{"i": map[string]any{
			"name": "Partner feed", "roleId": admin.RoleID("Auditor"), "expiresAt": exp.Format(time.RFC3339),
			"whitelist": []string{"127.0.0.1", "2001:db8::/32"}, "expiryReminders": true}}, &out)
		tok := out.CreateToken
		if tok.Token.Status != "ACTIVE" || tok.Token.CreatedBy != "admin@example.com" || len(tok.Token.Whitelist) != 2 ||
			tok.Token.Whitelist[0].Cidr != "127.0.0.1/32" || tok.Token.Whitelist[0].Status != "APPROVED" || !tok.Token.ExpiresAt.Equal(exp) {
			t.Fatalf("created: %+v", tok.Token)
		}
		if !strings.HasPrefix(tok.Token.Hint, tok.Secret[:7]) || !strings.HasSuffix(tok.Token.Hint, tok.Secret[len(tok.Secret)-4:]) {
			t.Fatalf("hint %q does not match the secret", tok.Token.Hint)
		}

		// The token itself calls GraphQL with its role's permissions.
		bot := e.Client(t)
		bot.Header.Set("X-Auth-Token", tok.Secret)
		var users struct{ Users struct{ TotalCount int } }
		bot.MustDo(`{ users { totalCount } }`, nil, &users)
		if users.Users.TotalCount != 1 {
			t.Fatalf("token users query: %+v", users)
		}
		r := bot.Do(`mutation{ createRole(input:{name:"x",permissions:[]}){ id } }`, nil)
		if r.Code() != "FORBIDDEN" || r.Errors[0].Extensions["role"] != "Auditor" {
			t.Fatalf("token beyond its role: %+v", r.Errors)
		}
		// A refused token gets HTTP 200 and UNAUTHENTICATED, as GraphQL clients expect.
		bad := e.Client(t)
		bad.Header.Set("Authorization", "Bearer kw_"+strings.Repeat("A", 49))
		r = bad.Do(`{ users { totalCount } }`, nil)
		if r.Status != 200 || r.Code() != "UNAUTHENTICATED" || r.Errors[0].Message != "invalid or expired token" {
			t.Fatalf("bad token: %d %+v", r.Status, r.Errors)
		}

		// Edits keep the secret; the new name is unique case-insensitively.
		second := createToken(admin, "Other", admin.RoleID("Auditor"), nil)
		r = admin.Do(`mutation($id:ID!){ updateToken(id:$id,input:{name:"partner FEED"}){ id } }`, map[string]any{"id": second.CreateToken.Token.ID})
		if r.Code() != "CONFLICT" || r.Field() != "name" {
			t.Fatalf("duplicate name: %+v", r.Errors)
		}
		var upd struct {
			UpdateToken struct {
				Name, Hint      string
				ExpiryReminders bool
			}
		}
		admin.MustDo(`mutation($id:ID!){ updateToken(id:$id,input:{name:"Partner feed v2", expiryReminders:false}){ name hint expiryReminders } }`, map[string]any{"id": tok.Token.ID}, &upd)
		if upd.UpdateToken.Hint != tok.Token.Hint || upd.UpdateToken.ExpiryReminders || upd.UpdateToken.Name != "Partner feed v2" {
			t.Fatalf("update: %+v", upd)
		}
		bot.MustDo(`{ users { totalCount } }`, nil, &users) // the secret still works after the edit

		// Regenerate with a grace period: both secrets work until it ends.
		var regen struct {
			RegenerateToken struct {
				Secret string
				Token  struct {
					Hint                    string
					PreviousSecretExpiresAt *time.Time
				}
			}
		}
		admin.MustDo(`mutation($id:ID!){ regenerateToken(id:$id, oldSecretValidForHours: 24){ secret token { hint previousSecretExpiresAt } } }`, map[string]any{"id": tok.Token.ID}, &regen)
		if regen.RegenerateToken.Secret == tok.Secret || regen.RegenerateToken.Token.PreviousSecretExpiresAt == nil {
			t.Fatalf("regenerate: %+v", regen)
		}
		bot.MustDo(`{ users { totalCount } }`, nil, &users)
		e.Clock.Add(24 * time.Hour)
		admin = e.SignIn(t, "admin@example.com") // the console session has long timed out
		if r := bot.Do(`{ users { totalCount } }`, nil); r.Code() != "UNAUTHENTICATED" {
			t.Fatalf("old secret after its grace: %+v", r.Errors)
		}
		fresh := e.Client(t)
		fresh.Header.Set("X-Auth-Token", regen.RegenerateToken.Secret)
		fresh.MustDo(`{ users { totalCount } }`, nil, &users)
		if r := admin.Do(`mutation($id:ID!){ regenerateToken(id:$id, oldSecretValidForHours: 169){ secret } }`, map[string]any{"id": tok.Token.ID}); r.Field() != "oldSecretValidForHours" {
			t.Fatalf("grace too long: %+v", r.Errors)
		}

		// Bad input names the field.
		for name, in := range map[string]map[string]any{
			"name":      {"name": " ", "roleId": admin.RoleID("Auditor")},
			"roleId":    {"name": "r", "roleId": "999999"},
			"expiresAt": {"name": "e", "roleId": admin.RoleID("Auditor"), "expiresAt": apptest.Start.Add(400 * 24 * time.Hour).Format(time.RFC3339)},
			"whitelist": {"name": "w", "roleId": admin.RoleID("Auditor"), "whitelist": []string{"192.168.1.7/24"}},
		} {
			r := admin.Do(createTokenOp, map[string]any{"i": in})
			if r.Code() != "BAD_USER_INPUT" || r.Field() != name {
				t.Errorf("%s: %+v", name, r.Errors)
			}
			if name == "whitelist" && !strings.Contains(r.Errors[0].Message, "192.168.1.0/24") {
				t.Errorf("whitelist message should name the canonical range: %s", r.Errors[0].Message)
			}
		}
		var list struct{ Tokens struct{ TotalCount int } }
		admin.MustDo(`{ tokens { totalCount } }`, nil, &list)
		if list.Tokens.TotalCount != 2 {
			t.Fatalf("bad inputs wrote tokens: %d", list.Tokens.TotalCount)
		}

		// A Security Manager cannot mint a token stronger than themselves.
		sm := e.CreateUser(t, admin, "sm@example.com", "Security Manager")
		if r := sm.Do(createTokenOp, map[string]any{"i": map[string]any{"name": "escalate", "roleId": sm.RoleID("Administrator")}}); r.Code() != "FORBIDDEN" || r.Field() != "roleId" {
			t.Fatalf("escalation: %+v", r.Errors)
		}
		if r := sm.Do(createTokenOp, map[string]any{"i": map[string]any{"name": "auditor-like", "roleId": sm.RoleID("Auditor")}}); r.Code() != "FORBIDDEN" {
			t.Fatalf("Auditor holds users:read, which a Security Manager lacks: %+v", r.Errors)
		}
		createToken(sm, "sm-own", sm.RoleID("Security Manager"), nil)

		// Revoke keeps the row; delete removes it.
		var rev struct{ RevokeToken struct{ Status string } }
		admin.MustDo(`mutation($id:ID!){ revokeToken(id:$id){ status } }`, map[string]any{"id": tok.Token.ID}, &rev)
		if rev.RevokeToken.Status != "REVOKED" {
			t.Fatalf("revoke: %+v", rev)
		}
		if r := fresh.Do(`{ users { totalCount } }`, nil); r.Code() != "UNAUTHENTICATED" {
			t.Fatalf("revoked token still works: %+v", r.Errors)
		}
		var filtered struct {
			Tokens struct {
				TotalCount int
				Edges      []struct{ Node struct{ Name string } }
			}
		}
		admin.MustDo(`{ tokens(filter:{status:REVOKED}) { totalCount edges { node { name } } } }`, nil, &filtered)
		if filtered.Tokens.TotalCount != 1 || filtered.Tokens.Edges[0].Node.Name != "Partner feed v2" {
			t.Fatalf("revoked filter: %+v", filtered)
		}
		var del struct{ DeleteToken bool }
		admin.MustDo(`mutation($id:ID!){ deleteToken(id:$id) }`, map[string]any{"id": tok.Token.ID}, &del)
		var got struct{ Token *struct{ ID string } }
		admin.MustDo(`query($id:ID!){ token(id:$id){ id } }`, map[string]any{"id": tok.Token.ID}, &got)
		if got.Token != nil {
			t.Fatal("deleted token still readable")
		}
		// Refused uses reach the trail with the next batch of refusals.
		actions := map[string]int{}
		for _, ev := range auditTrail(t, e, admin, "token.", 50) {
			actions[ev.Action]++
			for _, s := range []string{tok.Secret, regen.RegenerateToken.Secret} {
				if strings.Contains(ev.Details, s) {
					t.Fatalf("a secret is in the audit trail: %s", ev.Details)
				}
			}
		}
		for _, a := range []string{"token.create", "token.update", "token.regenerate", "token.revoke", "token.delete", "token.use"} {
			if actions[a] == 0 {
				t.Errorf("no %s event (have %v)", a, actions)
			}
		}
		if strings.Contains(e.LogText(), tok.Secret) || strings.Contains(e.LogText(), regen.RegenerateToken.Secret) {
			t.Fatal("a secret is in the server log")
		}
	})
}

func TestTokenFromDisallowedIPOnGraphQL(t *testing.T) {
	apptest.Each(t, func(t *testing.T, e *apptest.Env) {
		admin := e.SetupAdmin(t)
		out := createToken(admin, "far away", admin.RoleID("Auditor"), map[string]any{"whitelist": []string{"203.0.113.0/24"}})
		bot := e.Client(t)
		bot.Header.Set("X-Auth-Token", out.CreateToken.Secret)
		r := bot.Do(`{ users { totalCount } }`, nil)
		if r.Status != 200 || r.Code() != "FORBIDDEN" || r.Errors[0].Message != "request IP is not whitelisted for this token" {
			t.Fatalf("disallowed IP: %d %+v", r.Status, r.Errors)
		}
		// Adding the caller's address admits it at once.
		var add struct{ AddWhitelistEntry struct{ Cidr, Status string } }
		admin.MustDo(`mutation($id:ID!){ addWhitelistEntry(tokenId:$id, cidr:"127.0.0.1", note:"CI runner"){ cidr status } }`, map[string]any{"id": out.CreateToken.Token.ID}, &add)
		if add.AddWhitelistEntry.Cidr != "127.0.0.1/32" {
			t.Fatalf("add: %+v", add)
		}
		var users struct{ Users struct{ TotalCount int } }
		bot.MustDo(`{ users { totalCount } }`, nil, &users)
		if r := admin.Do(`mutation($id:ID!){ addWhitelistEntry(tokenId:$id, cidr:"::ffff:127.0.0.1"){ cidr } }`, map[string]any{"id": out.CreateToken.Token.ID}); r.Field() != "cidr" || !strings.Contains(r.Errors[0].Message, "127.0.0.1/32") {
			t.Fatalf("mapped entry: %+v", r.Errors)
		}
		if r := admin.Do(`mutation($id:ID!){ addWhitelistEntry(tokenId:$id, cidr:"127.0.0.1/32"){ cidr } }`, map[string]any{"id": out.CreateToken.Token.ID}); r.Code() != "CONFLICT" {
			t.Fatalf("duplicate entry: %+v", r.Errors)
		}
	})
}
