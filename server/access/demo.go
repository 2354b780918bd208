package access

import (
	"context"
	"slices"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/errs"
)

// demoModules are the API modules of the demo: a money-transfer platform.
var demoModules = []ModuleInput{
	{Key: "clients", Name: "Clients", Description: "Customer records", Actions: []string{"read", "create", "update", "delete"}},
	{Key: "actions", Name: "Actions", Description: "Operations performed on behalf of clients", Actions: []string{"read", "create", "update", "delete"}},
	{Key: "logs", Name: "Logs", Description: "Platform activity logs", Actions: []string{"read"}},
	{Key: "kyc_documents", Name: "KYC Documents", Description: "Identity documents collected for know-your-customer checks", Actions: []string{"read", "create", "update", "delete", "approve"}},
	{Key: "cb_assets", Name: "CB Assets", Description: "Core-banking assets", Actions: []string{"read", "create", "update", "delete"}},
	{Key: "cb_wallets", Name: "CB Wallets", Description: "Core-banking wallets", Actions: []string{"read", "create", "update", "delete"}},
	{Key: "cb_accounts", Name: "CB Accounts & Transactions", Description: "Core-banking accounts and their transactions", Actions: []string{"read", "create", "update", "delete"}},
	{Key: "projects", Name: "Projects", Description: "Partner projects", Actions: []string{"read", "create", "update", "delete"}},
	{Key: "desks", Name: "Desks", Description: "Service desks and their agents", Actions: []string{"read", "create", "update", "delete"}},
}

// demoRoles is the demo's role permission matrix.
var demoRoles = []RoleInput{
	{Name: "MANAGER", Description: "Runs a desk: full access to the platform's modules", Permissions: allOf(demoModules)},
	{Name: "AGENT", Description: "Serves clients at a desk", Permissions: []string{
		"clients:read", "clients:create", "clients:update", "actions:read", "actions:create",
		"kyc_documents:read", "kyc_documents:create", "kyc_documents:update", "cb_wallets:read", "cb_accounts:read", "desks:read"}},
	{Name: "CASHIER", Description: "Handles cash in and cash out", Permissions: []string{
		"clients:read", "actions:read", "actions:create", "cb_wallets:read", "cb_wallets:update",
		"cb_accounts:read", "cb_accounts:create", "cb_assets:read"}},
	{Name: "CUSTOMER", Description: "A client using the platform's own API", Permissions: []string{
		"clients:read", "kyc_documents:read", "kyc_documents:create", "cb_wallets:read", "cb_accounts:read", "cb_accounts:create"}},
}

func allOf(ms []ModuleInput) []string {
	var out []string
	for _, m := range ms {
		for _, a := range m.Actions {
			out = append(out, m.Key+":"+a)
		}
	}
	return out
}

// SecurityManager is the built-in role that issues tokens.
const SecurityManager = "Security Manager"

// SeedDemo adds the demo modules and roles; what already exists is left alone, so it can run
// twice. It returns how many modules and roles it added. The Security Manager is given the
// demo modules' permissions: nobody gives a token more than they hold, so that is what lets
// it issue tokens for MANAGER, AGENT, CASHIER and CUSTOMER (and never for Administrator).
func (s *Service) SeedDemo(ctx context.Context) (modules, roles int, err error) {
	for _, m := range demoModules {
		if _, err := s.Module(ctx, m.Key); err == nil {
			continue
		} else if !errs.Is(err, errs.NotFound) {
			return modules, roles, err
		}
		if _, err := s.CreateModule(ctx, m); err != nil {
			return modules, roles, err
		}
		modules++
	}
	for _, r := range demoRoles {
		exists, err := s.db.NewSelect().Model((*db.Role)(nil)).Where("lower(name) = lower(?)", r.Name).Exists(ctx)
		if err != nil {
			return modules, roles, wrap("seed demo", err)
		}
		if exists {
			continue
		}
		if _, err := s.CreateRole(ctx, r); err != nil {
			return modules, roles, err
		}
		roles++
	}
	return modules, roles, s.addToRole(ctx, SecurityManager, allOf(demoModules))
}

// addToRole gives the role named name the permissions perms it lacks.
func (s *Service) addToRole(ctx context.Context, name string, perms []string) error {
	r := new(db.Role)
	if err := s.db.NewSelect().Model(r).Where("name = ?", name).Scan(ctx); err != nil {
		return wrap("seed demo: role "+name, err)
	}
	held, err := s.permissionsOf(ctx, s.db, r)
	if err != nil {
		return err
	}
	all := append(slices.Clone(held), perms...)
	slices.Sort(all)
	if all = slices.Compact(all); len(all) == len(held) {
		return nil
	}
	_, err = s.UpdateRole(ctx, r.ID, RoleInput{Name: r.Name, Description: r.Description, Permissions: all})
	return err
}
