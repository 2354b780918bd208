package access

import (
	"context"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/errs"
	"github.com/uptrace/bun"
)

// RoleInput is the input for creating or replacing a role.
type RoleInput struct {
	Name        string
	Description string
	Permissions []string
}

func roleByID(ctx context.Context, idb bun.IDB, id int64) (*db.Role, error) {
	r := new(db.Role)
	q := idb.NewSelect().Model(r).Where("id = ?", id)
	if err := db.Found(ctx, q, errs.NotFoundf("no role with id %d", id)); err != nil {
		return nil, err
	}
	return r, nil
}

// Role returns the role with id.
func (s *Service) Role(ctx context.Context, id int64) (*db.Role, error) {
	r, err := roleByID(ctx, s.db, id)
	return r, wrap("role", err)
}

// Roles lists every role by name.
func (s *Service) Roles(ctx context.Context) ([]db.Role, error) {
	var roles []db.Role
	if err := s.db.NewSelect().Model(&roles).OrderExpr("lower(name)").Scan(ctx); err != nil {
		return nil, wrap("roles", err)
	}
	return roles, nil
}

// RolesByID returns the roles with the given ids, in that order (nil where one is missing).
func (s *Service) RolesByID(ctx context.Context, ids []int64) ([]*db.Role, error) {
	var roles []db.Role
	if err := s.db.NewSelect().Model(&roles).Where("id IN (?)", bun.In(ids)).Scan(ctx); err != nil {
		return nil, wrap("roles by id", err)
	}
	byID := make(map[int64]*db.Role, len(roles))
	for i := range roles {
		byID[roles[i].ID] = &roles[i]
	}
	out := make([]*db.Role, len(ids))
	for i, id := range ids {
		out[i] = byID[id]
	}
	return out, nil
}

// PermissionsOfRoles returns each role's permissions, sorted, in the order of roles.
func (s *Service) PermissionsOfRoles(ctx context.Context, roles []*db.Role) ([][]string, error) {
	var all []string
	var ids []int64
	for _, r := range roles {
		if r != nil && !r.AllPermissions {
			ids = append(ids, r.ID)
		}
	}
	byRole := map[int64][]string{}
	if len(ids) > 0 {
		var rps []db.RolePermission
		if err := s.db.NewSelect().Model(&rps).Where("role_id IN (?)", bun.In(ids)).OrderExpr("permission").Scan(ctx); err != nil {
			return nil, wrap("role permissions", err)
		}
		for _, rp := range rps {
			byRole[rp.RoleID] = append(byRole[rp.RoleID], rp.Permission)
		}
	}
	out := make([][]string, len(roles))
	for i, r := range roles {
		if r == nil {
			continue
		}
		if r.AllPermissions {
			if all == nil {
				if err := s.db.NewSelect().Model((*db.Permission)(nil)).Column("name").OrderExpr("name").Scan(ctx, &all); err != nil {
					return nil, wrap("catalog", err)
				}
			}
			out[i] = all
			continue
		}
		out[i] = byRole[r.ID]
		if out[i] == nil {
			out[i] = []string{}
		}
	}
	return out, nil
}

// UserCounts returns how many users hold each role.
func (s *Service) UserCounts(ctx context.Context, roleIDs []int64) (map[int64]int, error) {
	out, err := db.CountBy(ctx, s.db.NewSelect().Model((*db.User)(nil)).Where("role_id IN (?)", bun.In(roleIDs)), "role_id")
	return out, wrap("user counts", err)
}

// nameAndDescription checks the name (a line, required) and description (optional) of a role
// or a module.
func nameAndDescription(name, desc string) (string, string, error) {
	name, err := Line("name", "name", name, 64, true)
	if err != nil {
		return "", "", err
	}
	desc, err = Text("description", "description", desc, 500, false)
	return name, desc, err
}

func (s *Service) validateRole(ctx context.Context, idb bun.IDB, in RoleInput) (name, desc string, perms []string, err error) {
	if name, desc, err = nameAndDescription(in.Name, in.Description); err != nil {
		return
	}
	seen := map[string]bool{}
	for _, p := range in.Permissions {
		p = strings.TrimSpace(p)
		if !seen[p] {
			seen[p] = true
			perms = append(perms, p)
		}
	}
	sort.Strings(perms)
	if len(perms) > 0 {
		var known []string
		if err = idb.NewSelect().Model((*db.Permission)(nil)).Column("name").Where("name IN (?)", bun.In(perms)).Scan(ctx, &known); err != nil {
			return
		}
		for _, p := range perms {
			if !slices.Contains(known, p) {
				err = errs.InvalidField("permissions", "%q is not a permission in the catalog", p)
				return
			}
		}
	}
	return
}

func setRolePermissions(ctx context.Context, tx bun.Tx, roleID int64, perms []string) error {
	if _, err := tx.NewDelete().Model((*db.RolePermission)(nil)).Where("role_id = ?", roleID).Exec(ctx); err != nil {
		return err
	}
	if len(perms) == 0 {
		return nil
	}
	rps := make([]db.RolePermission, len(perms))
	for i, p := range perms {
		rps[i] = db.RolePermission{RoleID: roleID, Permission: p}
	}
	_, err := tx.NewInsert().Model(&rps).Exec(ctx)
	return err
}

// CreateRole adds a role.
func (s *Service) CreateRole(ctx context.Context, in RoleInput) (*db.Role, error) {
	var r *db.Role
	err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		name, desc, perms, err := s.validateRole(ctx, tx, in)
		if err != nil {
			return err
		}
		if err := HoldsGrant(ctx, "permissions", "create a role with these permissions", false, perms); err != nil {
			return err
		}
		now := s.now()
		r = &db.Role{Name: name, Description: desc, CreatedAt: now, UpdatedAt: now}
		if _, err := tx.NewInsert().Model(r).Returning("id").Exec(ctx); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.ConflictField("name", "a role named %q already exists", name)
			}
			return err
		}
		if err := setRolePermissions(ctx, tx, r.ID, perms); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{
			Action: "role.create", TargetType: "role", TargetID: strconv.FormatInt(r.ID, 10), TargetLabel: r.Name,
			Details: map[string]any{"permissions": perms},
		})
	})
	if err != nil {
		return nil, wrap("create role", err)
	}
	return r, nil
}

// UpdateRole replaces a role's name, description and permissions; the change applies at
// once to every user (and token) holding it.
func (s *Service) UpdateRole(ctx context.Context, id int64, in RoleInput) (*db.Role, error) {
	var r *db.Role
	err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		var err error
		if r, err = roleByID(ctx, tx, id); err != nil {
			return err
		}
		if r.AllPermissions {
			return errs.Forbiddenf("the %s role always holds every permission and cannot be changed", r.Name)
		}
		if _, err := s.HoldsRole(ctx, tx, id, "", "change the role "+r.Name); err != nil {
			return err
		}
		name, desc, perms, err := s.validateRole(ctx, tx, in)
		if err != nil {
			return err
		}
		if err := HoldsGrant(ctx, "permissions", "give the role "+r.Name+" these permissions", false, perms); err != nil {
			return err
		}
		if r.Builtin && name != r.Name {
			return errs.InvalidField("name", "built-in roles cannot be renamed")
		}
		var old []string
		if err := tx.NewSelect().Model((*db.RolePermission)(nil)).Column("permission").Where("role_id = ?", id).Scan(ctx, &old); err != nil {
			return err
		}
		oldName := r.Name
		r.Name, r.Description, r.UpdatedAt = name, desc, s.now()
		if _, err := tx.NewUpdate().Model(r).WherePK().Column("name", "description", "updated_at").Exec(ctx); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.ConflictField("name", "a role named %q already exists", name)
			}
			return err
		}
		if err := setRolePermissions(ctx, tx, id, perms); err != nil {
			return err
		}
		removed := diff(old, perms)
		if len(removed) > 0 {
			if err := ensureAdministratorRemains(ctx, tx, "permissions"); err != nil {
				return err
			}
		}
		details := map[string]any{"added": diff(perms, old), "removed": removed}
		if oldName != name {
			details["name"] = map[string]string{"from": oldName, "to": name}
		}
		return audit.Record(ctx, tx, r.UpdatedAt, audit.Event{
			Action: "role.update", TargetType: "role", TargetID: strconv.FormatInt(r.ID, 10), TargetLabel: r.Name, Details: details,
		})
	})
	if err != nil {
		return nil, wrap("update role", err)
	}
	s.rolesChanged()
	return r, nil
}

// diff returns the elements of a not in b.
func diff(a, b []string) []string {
	out := []string{}
	for _, x := range a {
		if !slices.Contains(b, x) {
			out = append(out, x)
		}
	}
	return out
}

// DeleteRole removes a role that nobody holds.
func (s *Service) DeleteRole(ctx context.Context, id int64) error {
	err := s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		r, err := roleByID(ctx, tx, id)
		if err != nil {
			return err
		}
		if r.Builtin {
			return errs.Forbiddenf("the built-in role %s cannot be deleted", r.Name)
		}
		if _, err := s.HoldsRole(ctx, tx, id, "", "delete the role "+r.Name); err != nil {
			return err
		}
		n, err := tx.NewSelect().Model((*db.User)(nil)).Where("role_id = ?", id).Count(ctx)
		if err != nil {
			return err
		}
		if n > 0 {
			return errs.ConflictField("", "the role %s is held by %d user(s): give them another role first", r.Name, n)
		}
		for _, check := range s.roleInUse {
			if err := check(ctx, tx, r); err != nil {
				return err
			}
		}
		if _, err := tx.NewDelete().Model(r).WherePK().Exec(ctx); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), audit.Event{
			Action: "role.delete", TargetType: "role", TargetID: strconv.FormatInt(r.ID, 10), TargetLabel: r.Name,
		})
	})
	return wrap("delete role", err)
}

// RefuseRoleDeletion registers a check, from another domain (tokens), that fails DeleteRole
// while the role is still in use there.
func (s *Service) RefuseRoleDeletion(check func(ctx context.Context, tx bun.Tx, r *db.Role) error) {
	s.roleInUse = append(s.roleInUse, check)
}

// RoleWithPermissions returns a role and the permissions it grants.
func (s *Service) RoleWithPermissions(ctx context.Context, id int64) (*db.Role, []string, error) {
	role, err := s.Role(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	ps, err := s.PermissionsOfRoles(ctx, []*db.Role{role})
	if err != nil {
		return nil, nil, err
	}
	return role, ps[0], nil
}
