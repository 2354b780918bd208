package access

import (
	"context"
	"slices"
	"strings"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/errs"
	"github.com/uptrace/bun"
)

// ModuleInput is the input for creating or replacing an API module.
type ModuleInput struct {
	Key         string
	Name        string
	Description string
	Actions     []string
	// BaseURL and Examples document the module's API; nil keeps what the module has (none
	// for a new one), "" and an empty list clear it.
	BaseURL  *string
	Examples *[]ExampleInput
}

// moduleDocs is the validated documentation of a ModuleInput: set tells which parts it gives.
type moduleDocs struct {
	baseURL     string
	examples    []db.ModuleExample
	setURL      bool
	setExamples bool
}

func validateDocs(in ModuleInput, actions []string) (d moduleDocs, err error) {
	if in.BaseURL != nil {
		d.setURL = true
		if d.baseURL, err = validateBaseURL(*in.BaseURL); err != nil {
			return
		}
	}
	if in.Examples != nil {
		d.setExamples = true
		d.examples, err = validateExamples(*in.Examples, actions)
	}
	return
}

// Permissions lists the whole catalog, by name.
func (s *Service) Permissions(ctx context.Context) ([]db.Permission, error) {
	var ps []db.Permission
	if err := s.db.NewSelect().Model(&ps).OrderExpr("name").Scan(ctx); err != nil {
		return nil, wrap("permissions", err)
	}
	return ps, nil
}

// Modules lists the modules, Keyward's own first, then by name.
func (s *Service) Modules(ctx context.Context) ([]db.Module, error) {
	var ms []db.Module
	if err := s.db.NewSelect().Model(&ms).OrderExpr("builtin DESC, lower(name)").Scan(ctx); err != nil {
		return nil, wrap("modules", err)
	}
	return ms, nil
}

// Module returns the module with key.
func (s *Service) Module(ctx context.Context, key string) (*db.Module, error) {
	m := new(db.Module)
	q := s.db.NewSelect().Model(m).Where("key = ?", key)
	if err := db.Found(ctx, q, errs.NotFoundf("no module %q", key)); err != nil {
		return nil, wrap("module", err)
	}
	return m, nil
}

// PermissionsByModule returns the permissions of each module key, ordered by action.
func (s *Service) PermissionsByModule(ctx context.Context, keys []string) (map[string][]db.Permission, error) {
	var ps []db.Permission
	if err := s.db.NewSelect().Model(&ps).Where("module IN (?)", bun.In(keys)).Scan(ctx); err != nil {
		return nil, wrap("permissions by module", err)
	}
	out := map[string][]db.Permission{}
	for _, p := range ps {
		out[p.Module] = append(out[p.Module], p)
	}
	for k := range out {
		SortByAction(out[k], func(p db.Permission) string { return p.QualifiedAction() })
	}
	return out, nil
}

var actionOrder = map[string]int{"read": 1, "create": 2, "update": 3, "delete": 4, "write": 5, "verify": 6, "approve": 7}

// SortByAction orders items by their action: read, create, update, delete, write, verify,
// approve, then the rest alphabetically (the order of the permission matrix's columns); a
// qualified action (read:own) follows its own.
func SortByAction[T any](items []T, action func(T) string) {
	rank := func(a string) int {
		a, _, _ = strings.Cut(a, ":") // read:own sorts beside read
		if r, ok := actionOrder[a]; ok {
			return r
		}
		return 100
	}
	slices.SortFunc(items, func(x, y T) int {
		ax, ay := action(x), action(y)
		if rx, ry := rank(ax), rank(ay); rx != ry {
			return rx - ry
		}
		return strings.Compare(ax, ay)
	})
}

func (s *Service) validateModule(in ModuleInput) (key, name, desc string, actions []string, docs moduleDocs, err error) {
	key = strings.TrimSpace(in.Key)
	if !moduleKeyRe.MatchString(key) {
		err = errs.InvalidField("key", "key must be 2 to 40 lower-case letters, digits or underscores, starting with a letter (like kyc_documents)")
		return
	}
	if name, desc, err = nameAndDescription(in.Name, in.Description); err != nil {
		return
	}
	seen := map[string]bool{}
	for _, a := range in.Actions {
		a = strings.ToLower(strings.TrimSpace(a))
		if !actionRe.MatchString(a) {
			err = errs.InvalidField("actions", "action %q must be lower-case letters, digits or underscores, starting with a letter, with an optional qualifier after a colon (read:own)", a)
			return
		}
		if !seen[a] {
			seen[a] = true
			actions = append(actions, a)
		}
	}
	if len(actions) == 0 {
		err = errs.InvalidField("actions", "a module needs at least one action")
		return
	}
	if len(actions) > 20 {
		err = errs.InvalidField("actions", "a module may have at most 20 actions")
		return
	}
	docs, err = validateDocs(in, actions)
	return
}

// CreateModule adds an API module with one permission per action.
func (s *Service) CreateModule(ctx context.Context, in ModuleInput) (*db.Module, error) {
	key, name, desc, actions, docs, err := s.validateModule(in)
	if err != nil {
		return nil, err
	}
	m := &db.Module{Key: key, Name: name, Description: desc, CreatedAt: s.now(), BaseURL: docs.baseURL, Examples: docs.examples}
	if m.Examples == nil {
		m.Examples = []db.ModuleExample{}
	}
	err = s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewInsert().Model(m).Exec(ctx); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.ConflictField("key", "a module with the key %q already exists", key)
			}
			return err
		}
		if err := addPermissions(ctx, tx, m, actions); err != nil {
			return err
		}
		details := map[string]any{"actions": actions}
		docsChanges(details, "", m.BaseURL, nil, m.Examples)
		return audit.Record(ctx, tx, m.CreatedAt, audit.Event{
			Action: "module.create", TargetType: "module", TargetID: key, TargetLabel: name,
			Details: details,
		})
	})
	if err != nil {
		return nil, wrap("create module", err)
	}
	return m, nil
}

func addPermissions(ctx context.Context, tx bun.Tx, m *db.Module, actions []string) error {
	if len(actions) == 0 {
		return nil
	}
	ps := make([]db.Permission, len(actions))
	for i, a := range actions {
		action, qualifier, _ := strings.Cut(a, ":")
		ps[i] = db.Permission{Name: m.Key + ":" + a, Module: m.Key, Action: action, Qualifier: qualifier}
	}
	_, err := tx.NewInsert().Model(&ps).Exec(ctx)
	return err
}

// UpdateModule renames and describes a module and sets its actions: a removed action's
// permission leaves every role that held it.
func (s *Service) UpdateModule(ctx context.Context, key string, in ModuleInput) (*db.Module, error) {
	m, err := s.Module(ctx, key)
	if err != nil {
		return nil, err
	}
	if m.Builtin {
		return nil, errs.Forbiddenf("Keyward's own module %s cannot be changed", m.Name)
	}
	if strings.TrimSpace(in.Key) != key {
		return nil, errs.InvalidField("key", "the key of a module cannot be changed")
	}
	_, name, desc, actions, docs, err := s.validateModule(in)
	if err != nil {
		return nil, err
	}
	if !docs.setExamples {
		// Kept examples must still name actions the module has.
		for i, x := range m.Examples {
			if x.Action != "" && !slices.Contains(actions, x.Action) {
				return nil, errs.InvalidField("actions", "the example call %q needs the action %s: change the example first", m.Examples[i].Title, x.Action)
			}
		}
	}
	err = s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var current []db.Permission
		if err := tx.NewSelect().Model(&current).Where("module = ?", key).Scan(ctx); err != nil {
			return err
		}
		old := make([]string, len(current))
		for i, p := range current {
			old[i] = p.QualifiedAction()
		}
		removed, added := diff(old, actions), diff(actions, old)
		// Removing an action takes its permission from every role: only its holders may.
		if err := HoldsGrant(ctx, "actions", "remove actions of "+m.Name, false, permissionNames(key, removed)); err != nil {
			return err
		}
		oldURL, oldExamples := m.BaseURL, m.Examples
		m.Name, m.Description = name, desc
		if docs.setURL {
			m.BaseURL = docs.baseURL
		}
		if docs.setExamples {
			m.Examples = docs.examples
		}
		if m.Examples == nil {
			m.Examples = []db.ModuleExample{}
		}
		if _, err := tx.NewUpdate().Model(m).WherePK().Column("name", "description", "base_url", "examples").Exec(ctx); err != nil {
			return err
		}
		if len(removed) > 0 {
			names := permissionNames(key, removed)
			if _, err := tx.NewDelete().Model((*db.RolePermission)(nil)).Where("permission IN (?)", bun.In(names)).Exec(ctx); err != nil {
				return err
			}
			if _, err := tx.NewDelete().Model((*db.Permission)(nil)).Where("name IN (?)", bun.In(names)).Exec(ctx); err != nil {
				return err
			}
		}
		if err := addPermissions(ctx, tx, m, added); err != nil {
			return err
		}
		details := map[string]any{"added": added, "removed": removed}
		docsChanges(details, oldURL, m.BaseURL, oldExamples, m.Examples)
		return audit.Record(ctx, tx, s.now(), audit.Event{
			Action: "module.update", TargetType: "module", TargetID: key, TargetLabel: name,
			Details: details,
		})
	})
	if err != nil {
		return nil, wrap("update module", err)
	}
	s.rolesChanged()
	return m, nil
}

func permissionNames(module string, actions []string) []string {
	names := make([]string, len(actions))
	for i, a := range actions {
		names[i] = module + ":" + a
	}
	return names
}

// DeleteModule removes an API module and its permissions from every role.
func (s *Service) DeleteModule(ctx context.Context, key string) error {
	m, err := s.Module(ctx, key)
	if err != nil {
		return err
	}
	if m.Builtin {
		return errs.Forbiddenf("Keyward's own module %s cannot be deleted", m.Name)
	}
	err = s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var perms []string
		if err := tx.NewSelect().Model((*db.Permission)(nil)).Column("name").Where("module = ?", key).Scan(ctx, &perms); err != nil {
			return err
		}
		// Deleting a module takes its permissions from every role: only their holders may.
		if err := HoldsGrant(ctx, "", "delete the module "+m.Name, false, perms); err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model((*db.RolePermission)(nil)).Where("permission IN (SELECT name FROM permissions WHERE module = ?)", key).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model((*db.Permission)(nil)).Where("module = ?", key).Exec(ctx); err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model(m).WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), audit.Event{Action: "module.delete", TargetType: "module", TargetID: key, TargetLabel: m.Name})
	})
	if err != nil {
		return wrap("delete module", err)
	}
	s.rolesChanged()
	return nil
}
