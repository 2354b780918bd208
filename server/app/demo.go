package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
	"slices"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/page"
	"github.com/keyward/keyward/server/partners"
	"github.com/keyward/keyward/server/tokens"
)

// demoUser is one user `keyward demo` adds.
type demoUser struct {
	email, name, role string
	acme              bool
}

var demoUsers = []demoUser{
	{"manager@fincode.example", "Maya Manager", "MANAGER", false},
	{"agent@fincode.example", "Ali Agent", "AGENT", false},
	{"cashier@fincode.example", "Cleo Cashier", "CASHIER", false},
	{"customer@fincode.example", "Chris Customer", "CUSTOMER", false},
	{"sm@acme.example", "Sam Secure (Acme)", access.SecurityManager, true},
	{"owner@acme.example", "Olga Owner (Acme)", "Business Owner", true},
}

// SeedDemo seeds FinCode's world on d: its API modules and role matrix (and the Security
// Manager's grant of them), one user per FinCode role, and the partner Acme Fintech with an
// application, its own Security Manager and Business Owner. What exists is left alone, so it
// can run twice; the password of the users it adds is generated and written to out, once.
func SeedDemo(ctx context.Context, d *db.DB, c clock.Clock, out io.Writer) error {
	a := access.New(d, c, access.DefaultThrottle)
	t := tokens.New(d, c, a, tokens.NewCache(time.Minute, time.Second, 0), audit.NewRefusals(d, c), nil)
	p := partners.New(d, c, t)
	a.UsePartners(func(ctx context.Context, id int64) error { _, err := p.Partner(ctx, id); return err })
	modules, roles, err := a.SeedDemo(ctx)
	if err != nil {
		return err
	}
	fmt.Fprintf(out, "demo: %d API modules and %d roles added\n", modules, roles)
	documented, err := documentDemo(ctx, a)
	if err != nil {
		return err
	}
	if documented > 0 {
		fmt.Fprintf(out, "demo: %d API modules documented for the API library\n", documented)
	}
	acme, err := demoPartner(ctx, p)
	if err != nil {
		return err
	}
	password := rand.Text() // 26 characters of base32: well beyond any guess
	var added []demoUser
	for _, u := range demoUsers {
		if _, err := a.UserByEmail(ctx, u.email); err == nil {
			continue
		} else if !errs.Is(err, errs.NotFound) {
			return err
		}
		role, err := roleNamed(ctx, a, u.role)
		if err != nil {
			return err
		}
		nu := access.NewUser{Email: u.email, Name: u.name, Password: password, RoleID: role}
		if u.acme {
			nu.PartnerID = acme
		}
		if _, err := a.CreateUser(ctx, nu); err != nil {
			return err
		}
		added = append(added, u)
	}
	if len(added) > 0 {
		fmt.Fprintf(out, "demo: %d users added, each with the password %s (shown this once):\n", len(added), password)
		for _, u := range added {
			fmt.Fprintf(out, "  %-26s %s\n", u.email, u.role)
		}
	}
	return nil
}

// DemoBaseURL is where the demo's FinCode API answers, as FinCode's documentation writes it
// (https://{domain}.fincode.software/api/v6/services) for the tenant "demo".
const DemoBaseURL = "https://demo.fincode.software/api/v6/services"

// fincodeHeaders tells what FinCode asks for beyond the token, which the API library's
// snippets do not send.
const fincodeHeaders = " FinCode also expects the headers platform: fincode and uuid: 200."

// demoDocs documents the demo's modules for the API library, with calls taken from FinCode's
// and White Label Retail's documentation ("Get Customer Details with Token" is White Label
// Retail's). Each example names the action it needs, so the library can say which tokens may
// make the call.
var demoDocs = map[string][]access.ExampleInput{
	"clients": {
		{Title: "Get Customer Details with Token", Method: "GET", Path: "/customers/{customerId}", Action: "read",
			Description: "One customer's profile, read with an API token in X-Auth-Token: only tokens whose IP address is approved get it." + fincodeHeaders},
		{Title: "List customers", Method: "GET", Path: "/customers?page=1&size=20", Action: "read",
			Description: "Customer profiles, twenty a page."},
		{Title: "Update a customer's profile", Method: "PATCH", Path: "/customers/{customerId}", Action: "update",
			Description: "Changes the fields given, leaves the rest.",
			Body:        `{"phone": "+44 20 7946 0958", "address": {"city": "London", "postcode": "EC1A 1BB"}}`},
	},
	"transactions": {
		{Title: "View transaction history", Method: "GET", Path: "/transactions?from=2026-01-01&to=2026-01-31", Action: "read",
			Description: "Every transaction of the tenant in a period; a CUSTOMER sees its own (transactions:read:own)."},
		{Title: "Create a transaction", Method: "POST", Path: "/transactions", Action: "create",
			Description: "Sends money to a beneficiary at a quoted rate.",
			Body:        `{"quoteId": "quo_318", "beneficiaryId": "ben_101", "amount": "250.00", "currency": "GBP", "reference": "Rent \"March\""}`},
		{Title: "Update a transaction's status", Method: "PUT", Path: "/transactions/{transactionId}/status", Action: "update",
			Body: `{"status": "PAID", "note": "Cash collected at the counter"}`},
	},
	"quotes": {
		{Title: "Request a quote", Method: "POST", Path: "/quotes", Action: "request",
			Description: "The rate and fees of a transfer before it is made.",
			Body:        `{"sendCurrency": "GBP", "receiveCurrency": "PHP", "sendAmount": "250.00"}`},
	},
	"beneficiaries": {
		{Title: "Create a beneficiary", Method: "POST", Path: "/beneficiaries", Action: "manage",
			Body: `{"name": "Maria Santos", "country": "PH", "bankAccount": {"bank": "BDO", "number": "0012345678"}}`},
		{Title: "Delete a beneficiary", Method: "DELETE", Path: "/beneficiaries/{beneficiaryId}", Action: "manage"},
	},
	"tenant": {
		{Title: "Fetch the organisation's preferences", Method: "GET", Path: "/admin/organisation-preference-management/fetch-organisaction-preference", Action: "configure",
			Description: "The tenant's configuration, as FinCode's documentation calls it." + fincodeHeaders},
	},
}

// documentDemo gives the demo's modules their documentation where they have none (a module
// an administrator has documented since is left alone) and returns how many it documented.
func documentDemo(ctx context.Context, a *access.Service) (int, error) {
	keys := make([]string, 0, len(demoDocs))
	for k := range demoDocs {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	perms, err := a.PermissionsByModule(ctx, keys)
	if err != nil {
		return 0, err
	}
	n := 0
	for _, key := range keys {
		m, err := a.Module(ctx, key)
		if errs.Is(err, errs.NotFound) {
			continue // deleted by an administrator
		} else if err != nil {
			return n, err
		}
		if m.Documented() {
			continue
		}
		actions := make([]string, len(perms[key]))
		for i, p := range perms[key] {
			actions[i] = p.QualifiedAction()
		}
		examples := slices.DeleteFunc(slices.Clone(demoDocs[key]), func(x access.ExampleInput) bool {
			return !slices.Contains(actions, x.Action) // an action an administrator removed
		})
		base := DemoBaseURL
		if _, err := a.UpdateModule(ctx, key, access.ModuleInput{Key: key, Name: m.Name, Description: m.Description,
			Actions: actions, BaseURL: &base, Examples: &examples}); err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

// demoPartner returns the id of Acme Fintech, creating it and its application if need be.
func demoPartner(ctx context.Context, p *partners.Service) (int64, error) {
	const name = "Acme Fintech"
	all, err := p.Partners(ctx, page.Request{First: ptr(page.MaxSize)})
	if err != nil {
		return 0, err
	}
	for _, x := range all.Rows {
		if x.Name == name {
			return x.ID, nil
		}
	}
	acme, err := p.CreatePartner(ctx, partners.PartnerInput{Name: name, BusinessOwnerEmails: []string{"owner@acme.example"}})
	if err != nil {
		return 0, err
	}
	_, err = p.CreateApplication(ctx, partners.ApplicationInput{Name: "Acme Mobile", PartnerID: acme.ID,
		Description: "Acme's mobile app: sends money through FinCode's API"})
	return acme.ID, err
}

func roleNamed(ctx context.Context, a *access.Service, name string) (int64, error) {
	roles, err := a.Roles(ctx)
	if err != nil {
		return 0, err
	}
	for _, r := range roles {
		if r.Name == name {
			return r.ID, nil
		}
	}
	return 0, fmt.Errorf("demo: no role %q", name)
}

func ptr[T any](v T) *T { return &v }
