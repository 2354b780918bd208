package access

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/page"
	"github.com/uptrace/bun"
)

// NewUser is the input for creating a user.
type NewUser struct {
	Email    string
	Name     string
	Password string
	RoleID   int64
	// LoginCodeRequired asks the new user for an emailed code after the password.
	LoginCodeRequired bool
	// PartnerID is the partner the user belongs to (0: the organisation's own). A partner's
	// user always creates users of its own partner.
	PartnerID int64
}

// UserChanges is a partial update of a user; nil fields stay as they are.
type UserChanges struct {
	Email    *string
	Name     *string
	Password *string
	RoleID   *int64
	Active   *bool
	// LoginCodeRequired asks this user for an emailed code after the password.
	LoginCodeRequired *bool
}

// UserFilter narrows a listing of users.
type UserFilter struct {
	Search    string
	RoleID    int64
	Active    *bool
	PartnerID int64
}

type validUser struct {
	email, name, hash string
	RoleID            int64
	loginCode         bool
	partner           *int64
}

func (s *Service) validateNewUser(email, name, password string) (*validUser, error) {
	e, err := NormalizeEmail("email", email)
	if err != nil {
		return nil, err
	}
	n, err := Line("name", "name", name, 100, true)
	if err != nil {
		return nil, err
	}
	if err := ValidatePassword("password", password, e, n); err != nil {
		return nil, err
	}
	h, err := HashPassword(password)
	if err != nil {
		return nil, err
	}
	return &validUser{email: e, name: n, hash: h}, nil
}

func (s *Service) insertUser(ctx context.Context, tx bun.Tx, in *validUser, action string) (*db.User, error) {
	now := s.now()
	u := &db.User{Email: in.email, Name: in.name, PasswordHash: in.hash, RoleID: in.RoleID, Active: true,
		LoginCodeRequired: in.loginCode, CreatedAt: now, UpdatedAt: now, PartnerID: in.partner}
	if _, err := tx.NewInsert().Model(u).Returning("id").Exec(ctx); err != nil {
		if db.IsUniqueViolation(err) {
			return nil, errs.ConflictField("email", "a user with the email %s already exists", in.email)
		}
		return nil, err
	}
	role, err := roleByID(ctx, tx, u.RoleID)
	if err != nil {
		return nil, err
	}
	return u, audit.Record(ctx, tx, now, audit.Event{
		Action: action, TargetType: "user", TargetID: strconv.FormatInt(u.ID, 10), TargetLabel: u.Email,
		Details: map[string]any{"name": u.Name, "role": role.Name, "loginCodeRequired": u.LoginCodeRequired}, PartnerID: u.PartnerID,
	})
}

// CreateUser adds a user with the given role.
func (s *Service) CreateUser(ctx context.Context, nu NewUser) (*db.User, error) {
	in, err := s.validateNewUser(nu.Email, nu.Name, nu.Password)
	if err != nil {
		return nil, err
	}
	in.RoleID, in.loginCode = nu.RoleID, nu.LoginCodeRequired
	if in.partner, err = s.partnerFor(ctx, nu.PartnerID); err != nil {
		return nil, err
	}
	var u *db.User
	err = s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := s.HoldsRole(ctx, tx, nu.RoleID, "roleId", "give a user this role"); err != nil {
			return err
		}
		u, err = s.insertUser(ctx, tx, in, "user.create")
		return err
	})
	if err != nil {
		return nil, wrap("create user", err)
	}
	return u, nil
}

// CreateAdministrator adds a user holding the Administrator role (the CLI's admin create).
func (s *Service) CreateAdministrator(ctx context.Context, email, name, password string) (*db.User, error) {
	admin, err := s.administratorRole(ctx, s.db)
	if err != nil {
		return nil, wrap("create administrator", err)
	}
	return s.CreateUser(ctx, NewUser{Email: email, Name: name, Password: password, RoleID: admin.ID})
}

// User returns the user with id, if the caller may see it.
func (s *Service) User(ctx context.Context, id int64) (*db.User, error) {
	return s.userByID(ctx, id, true)
}

// userByID reads a user; scoped, only if the caller of ctx may see it (a sign-in in progress
// reads unscoped: nobody is signed in yet).
func (s *Service) userByID(ctx context.Context, id int64, scoped bool) (*db.User, error) {
	u := new(db.User)
	q := s.db.NewSelect().Model(u).Where("id = ?", id)
	if scoped {
		q = Scope(ctx, q, "partner_id")
	}
	if err := db.Found(ctx, q, errs.NotFoundf("no user with id %d", id)); err != nil {
		return nil, wrap("user", err)
	}
	return u, nil
}

// UserByEmail returns the user with email (case-insensitive).
func (s *Service) UserByEmail(ctx context.Context, email string) (*db.User, error) {
	u := new(db.User)
	q := s.db.NewSelect().Model(u).Where("lower(email) = ?", strings.ToLower(strings.TrimSpace(email)))
	if err := db.Found(ctx, q, errs.NotFoundf("no user with that email")); err != nil {
		return nil, wrap("user by email", err)
	}
	return u, nil
}

// Users lists users matching f, oldest first, with how many match up to page.CountLimit.
func (s *Service) Users(ctx context.Context, f UserFilter, p page.Request) (*page.Of[db.User], error) {
	search := strings.ToLower(strings.TrimSpace(f.Search))
	where := func(q *bun.SelectQuery, r page.Reading) *bun.SelectQuery {
		q = Scope(ctx, q, "partner_id")
		if f.PartnerID > 0 {
			q = q.Where("partner_id = ?", f.PartnerID)
		}
		if search != "" {
			q = q.WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
				if r == page.Many {
					return q.Where(page.Contains(s.db, "lower(email)"), search).WhereOr(page.Contains(s.db, "lower(name)"), search)
				}
				like := "%" + page.EscapeLike(search) + "%"
				return q.Where(`lower(email) LIKE ? ESCAPE '\'`, like).WhereOr(`lower(name) LIKE ? ESCAPE '\'`, like)
			})
		}
		if f.RoleID > 0 {
			q = q.Where("role_id = ?", f.RoleID)
		}
		if f.Active != nil {
			q = q.Where("active = ?", *f.Active)
		}
		return q
	}
	if search != "" {
		out, err := page.SelectSearched[db.User](ctx, s.db, p, false, where)
		return out, wrap("users", err)
	}
	out, err := page.SelectBounded[db.User](ctx, s.db, p, false, where)
	return out, wrap("users", err)
}

// UpdateUser changes a user. Only a caller holding everything the user holds may change
// them (email, password, sign-in settings included); nobody changes their own role, disables
// their own account or sets their own password without the current one, and at least one
// administrator always remains.
func (s *Service) UpdateUser(ctx context.Context, id int64, ch UserChanges) (*db.User, error) {
	u, err := s.User(ctx, id)
	if err != nil {
		return nil, err
	}
	self := Caller(ctx) != nil && Caller(ctx).UserID == id
	if _, err := s.HoldsRole(ctx, nil, u.RoleID, "", "change the user "+u.Email); err != nil {
		return nil, err
	}
	changed := []string{}
	before := *u
	if ch.Email != nil {
		e, err := NormalizeEmail("email", *ch.Email)
		if err != nil {
			return nil, err
		}
		if e != u.Email {
			u.Email, changed = e, append(changed, "email")
		}
	}
	if ch.Name != nil {
		n, err := Line("name", "name", *ch.Name, 100, true)
		if err != nil {
			return nil, err
		}
		if n != u.Name {
			u.Name, changed = n, append(changed, "name")
		}
	}
	if ch.Password != nil {
		if self {
			return nil, errs.InvalidField("password", "change your own password with Change password, which asks for the current one")
		}
		if err := ValidatePassword("password", *ch.Password, u.Email, u.Name); err != nil {
			return nil, err
		}
		h, err := HashPassword(*ch.Password)
		if err != nil {
			return nil, wrap("hash", err)
		}
		u.PasswordHash, changed = h, append(changed, "password")
	}
	if ch.RoleID != nil && *ch.RoleID != u.RoleID {
		if self {
			return nil, &errs.Error{Kind: errs.Forbidden, Field: "roleId", Message: "you cannot change your own role: ask another administrator"}
		}
		if _, err := s.HoldsRole(ctx, nil, *ch.RoleID, "roleId", "give a user this role"); err != nil {
			return nil, err
		}
		u.RoleID, changed = *ch.RoleID, append(changed, "role")
	}
	if ch.Active != nil && *ch.Active != u.Active {
		if self && !*ch.Active {
			return nil, errs.InvalidField("active", "you cannot disable your own account")
		}
		u.Active, changed = *ch.Active, append(changed, "active")
	}
	if ch.LoginCodeRequired != nil && *ch.LoginCodeRequired != u.LoginCodeRequired {
		u.LoginCodeRequired, changed = *ch.LoginCodeRequired, append(changed, "loginCodeRequired")
	}
	if len(changed) == 0 {
		return u, nil
	}
	u.UpdatedAt = s.now()
	err = s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		details := map[string]any{"changed": changed}
		if before.RoleID != u.RoleID {
			oldRole, err := roleByID(ctx, tx, before.RoleID)
			if err != nil {
				return err
			}
			newRole, err := roleByID(ctx, tx, u.RoleID)
			if err != nil {
				if errs.Is(err, errs.NotFound) {
					return errs.InvalidField("roleId", "the role does not exist")
				}
				return err
			}
			details["role"] = map[string]string{"from": oldRole.Name, "to": newRole.Name}
		}
		if before.Email != u.Email {
			details["email"] = map[string]string{"from": before.Email, "to": u.Email}
		}
		if before.Active != u.Active {
			details["active"] = u.Active
		}
		if before.LoginCodeRequired != u.LoginCodeRequired {
			details["loginCodeRequired"] = u.LoginCodeRequired
		}
		if _, err := tx.NewUpdate().Model(u).WherePK().
			Column("email", "name", "password_hash", "role_id", "active", "login_code_required", "updated_at").Exec(ctx); err != nil {
			if db.IsUniqueViolation(err) {
				return errs.ConflictField("email", "a user with the email %s already exists", u.Email)
			}
			return err
		}
		if err := ensureAdministratorRemains(ctx, tx, fieldFor(changed)); err != nil {
			return err
		}
		if reason := endReason(before, u); reason != "" {
			if err := s.endUser(ctx, tx, u.ID, reason); err != nil {
				return err
			}
		}
		return audit.Record(ctx, tx, u.UpdatedAt, audit.Event{
			Action: "user.update", TargetType: "user", TargetID: strconv.FormatInt(u.ID, 10), TargetLabel: u.Email, Details: details,
			PartnerID: u.PartnerID,
		})
	})
	if err != nil {
		return nil, wrap("update user", err)
	}
	s.userChangedNow(u.ID)
	return u, nil
}

// endReason says why a change from before to u ends the user's sign-ins ("": it does not).
func endReason(before db.User, u *db.User) string {
	switch {
	case before.Active && !u.Active:
		return "user_disabled"
	case before.PasswordHash != u.PasswordHash:
		return "password_set"
	}
	return ""
}

func fieldFor(changed []string) string {
	for _, c := range changed {
		if c == "role" {
			return "roleId"
		}
		if c == "active" {
			return "active"
		}
	}
	return ""
}

// DeleteUser removes a user; nobody may delete themselves, a user holding more than they
// do, or the last administrator.
func (s *Service) DeleteUser(ctx context.Context, id int64) error {
	if c := Caller(ctx); c != nil && c.UserID == id {
		return errs.Forbiddenf("you cannot delete your own account")
	}
	u, err := s.User(ctx, id)
	if err != nil {
		return err
	}
	if _, err := s.HoldsRole(ctx, nil, u.RoleID, "", "delete the user "+u.Email); err != nil {
		return err
	}
	err = s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if err := s.endUser(ctx, tx, u.ID, "user_deleted"); err != nil {
			return err
		}
		if _, err := tx.NewDelete().Model(u).WherePK().Exec(ctx); err != nil {
			return err
		}
		if err := ensureAdministratorRemains(ctx, tx, ""); err != nil {
			return err
		}
		return audit.Record(ctx, tx, s.now(), audit.Event{
			Action: "user.delete", TargetType: "user", TargetID: strconv.FormatInt(u.ID, 10), TargetLabel: u.Email,
			Details: map[string]any{"name": u.Name}, PartnerID: u.PartnerID,
		})
	})
	if err == nil {
		s.userChangedNow(u.ID)
	}
	return wrap("delete user", err)
}

// ChangePassword lets a signed-in user replace their own password.
func (s *Service) ChangePassword(ctx context.Context, userID int64, current, next string) error {
	u, err := s.User(ctx, userID)
	if err != nil {
		return err
	}
	if !CheckPassword(u.PasswordHash, current) {
		return errs.InvalidField("currentPassword", "the current password is wrong")
	}
	if err := ValidatePassword("newPassword", next, u.Email, u.Name); err != nil {
		return err
	}
	h, err := HashPassword(next)
	if err != nil {
		return wrap("hash", err)
	}
	now := s.now()
	err = s.inTx(ctx, func(ctx context.Context, tx bun.Tx) error {
		if _, err := tx.NewUpdate().Model((*db.User)(nil)).Set("password_hash = ?", h).Set("updated_at = ?", now).Where("id = ?", userID).Exec(ctx); err != nil {
			return err
		}
		if err := s.endUser(ctx, tx, u.ID, "password_changed"); err != nil {
			return err
		}
		return audit.Record(ctx, tx, now, audit.Event{
			Action: "user.password_change", TargetType: "user", TargetID: strconv.FormatInt(u.ID, 10), TargetLabel: u.Email,
		})
	})
	if err == nil {
		s.userChangedNow(u.ID)
	}
	return wrap("change password", err)
}

// ensureAdministratorRemains fails the transaction when no active user would be left who can
// manage users and roles.
func ensureAdministratorRemains(ctx context.Context, tx bun.Tx, field string) error {
	var n int
	err := tx.NewRaw(`SELECT count(*) FROM users u JOIN roles r ON r.id = u.role_id
		WHERE u.active = ? AND (r.all_permissions = ? OR
		(SELECT count(*) FROM role_permissions rp WHERE rp.role_id = r.id AND rp.permission IN ('users:write', 'roles:write')) = 2)`,
		true, true).Scan(ctx, &n)
	if err != nil {
		return fmt.Errorf("count administrators: %w", err)
	}
	if n == 0 {
		return errs.ConflictField(field, "at least one active user must keep the rights to manage users and roles")
	}
	return nil
}

// Approvers returns the emails of the active users who may approve whitelist entries (who
// hold whitelist:approve or every permission), sorted.
func (s *Service) Approvers(ctx context.Context, idb bun.IDB) ([]string, error) {
	var emails []string
	err := idb.NewSelect().Table("users").Column("users.email").
		Join("JOIN roles ON roles.id = users.role_id").
		Where("users.active = ?", true).
		WhereGroup(" AND ", func(q *bun.SelectQuery) *bun.SelectQuery {
			return q.Where("roles.all_permissions = ?", true).
				WhereOr("EXISTS (SELECT 1 FROM role_permissions rp WHERE rp.role_id = roles.id AND rp.permission = 'whitelist:approve')")
		}).OrderExpr("users.email").Scan(ctx, &emails)
	return emails, wrap("approvers", err)
}

// Emails returns the email of each user id given (missing users are left out).
func (s *Service) Emails(ctx context.Context, idb bun.IDB, ids []int64) (map[int64]string, error) {
	return emails(ctx, idb, ids, false)
}

// partnerFor is the partner a new user belongs to: the caller's own for a partner's user
// (who may not name another), else the one asked for, if it exists.
func (s *Service) partnerFor(ctx context.Context, asked int64) (*int64, error) {
	if own := PartnerOf(ctx); own != nil {
		if asked != 0 && asked != *own {
			return nil, errs.InvalidField("partnerId", "the partner does not exist")
		}
		return own, nil
	}
	if asked == 0 {
		return nil, nil
	}
	if s.partnerExists == nil || s.partnerExists(ctx, asked) != nil {
		return nil, errs.InvalidField("partnerId", "the partner does not exist")
	}
	return &asked, nil
}
