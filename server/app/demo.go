package app

import (
	"context"
	"crypto/rand"
	"fmt"
	"io"
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
