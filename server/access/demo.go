package access

import (
	"context"
	"slices"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/errs"
)

// demoModules are a second example of API modules: a core-banking platform.
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

// fincodeModules are FinCode's API, named as its sign-in answers name them. Its users live
// under platform_users, not users: Keyward's own users:read and users:write would otherwise
// let a MANAGER token manage Keyward's console users.
var fincodeModules = []ModuleInput{
	{Key: "transactions", Name: "Transactions", Description: "Money transfers", Actions: []string{"read", "read:own", "create", "create:own", "update"}},
	{Key: "platform_users", Name: "Platform users", Description: "The platform's own users (agents, cashiers, customers)", Actions: []string{"manage", "manage:own"}},
	{Key: "kyc", Name: "KYC/AML", Description: "Know-your-customer and anti-money-laundering checks", Actions: []string{"configure", "perform"}},
	{Key: "tenant", Name: "Tenant", Description: "The tenant's configuration", Actions: []string{"configure"}},
	{Key: "refunds", Name: "Refunds", Description: "Refunds of transactions", Actions: []string{"process"}},
	{Key: "reports", Name: "Analytics and reports", Description: "Analytics and reports", Actions: []string{"read", "read:limited"}},
	{Key: "beneficiaries", Name: "Beneficiaries", Description: "The people money is sent to", Actions: []string{"manage", "manage:own"}},
	{Key: "plugins", Name: "Plugins", Description: "Plugin management", Actions: []string{"manage"}},
	{Key: "agents", Name: "Agents", Description: "Agent configuration", Actions: []string{"configure"}},
	{Key: "markups", Name: "Rate and fee markups", Description: "Markups on rates and fees", Actions: []string{"manage:own"}},
	{Key: "quotes", Name: "Quotes", Description: "Quotes for transfers", Actions: []string{"request"}},
}

// demoRoles is FinCode's role permission matrix, row for row: ✅ is the plain permission and
// "(own)" or "(limited)" the qualified one. CUSTOMER also reads its own transactions, as its
// sign-in answer says.
var demoRoles = []RoleInput{
	{Name: "MANAGER", Description: "Runs the platform: full access to its features and administration", Permissions: []string{
		"transactions:read", "transactions:update", "platform_users:manage", "kyc:configure", "tenant:configure",
		"refunds:process", "reports:read", "beneficiaries:manage", "plugins:manage", "agents:configure"}},
	{Name: "AGENT", Description: "Customer-facing operations and transaction processing", Permissions: []string{
		"transactions:read", "transactions:update", "platform_users:manage:own", "reports:read:limited"}},
	{Name: "CASHIER", Description: "Payments and cash at physical locations", Permissions: []string{
		"transactions:create", "transactions:update", "platform_users:manage", "quotes:request"}},
	{Name: "CUSTOMER", Description: "Self-service through the customer portal", Permissions: []string{
		"transactions:create:own", "transactions:read:own", "kyc:perform", "beneficiaries:manage:own", "markups:manage:own", "quotes:request"}},
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
// twice. It returns how many modules and roles it added. The Security Manager is given
// FinCode's permissions: nobody gives a token more than they hold, so that is what lets it
// issue tokens for MANAGER, AGENT, CASHIER and CUSTOMER (and never for Administrator).
func (s *Service) SeedDemo(ctx context.Context) (modules, roles int, err error) {
	for _, m := range append(slices.Clone(fincodeModules), demoModules...) {
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
	return modules, roles, s.addToRole(ctx, SecurityManager, allOf(fincodeModules))
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
