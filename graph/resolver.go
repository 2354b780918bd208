// Package graph is Keyward's GraphQL API: thin resolvers over the domain packages, the
// permission directives, the per-request loaders and the error presenter.
package graph

//go:generate go tool gqlgen generate

import (
	"context"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/graph/model"
	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/approvals"
	"github.com/keyward/keyward/server/audit"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/jobs"
	"github.com/keyward/keyward/server/notify"
	"github.com/keyward/keyward/server/partners"
	"github.com/keyward/keyward/server/settings"
	"github.com/keyward/keyward/server/tokens"
)

// Resolver is the dependency-injection point: every resolver reaches the domain through it.
type Resolver struct {
	DB        *db.DB
	Clock     clock.Clock
	Access    *access.Service
	Tokens    *tokens.Service
	Settings  *settings.Service
	Sessions  Sessions
	Notify    *notify.Service
	Approvals *approvals.Service
	Partners  *partners.Service
	Jobs      *jobs.Runner
	// Version and BaseURL are shown in the console.
	Version string
	BaseURL string
}

// Sessions is the console session of the request in ctx (the web layer provides it).
type Sessions interface {
	// SignIn renews the session id and binds the session to the user.
	SignIn(ctx context.Context, userID int64) error
	// SignOut ends the session.
	SignOut(ctx context.Context) error
	// Renew issues a new session id for the same session (after a privilege change).
	Renew(ctx context.Context) error
	// AwaitCode marks the session as waiting for the emailed sign-in code of the user.
	AwaitCode(ctx context.Context, userID int64) error
	// AwaitingCode returns the user whose sign-in waits for a code (begun less than ttl ago), or 0.
	AwaitingCode(ctx context.Context, ttl time.Duration) int64
}

func clientIP(ctx context.Context) string { return audit.ActorFrom(ctx).IP }

func nilIfNotFound[T any](v *T, err error) (*T, error) {
	if errs.Is(err, errs.NotFound) {
		return nil, nil
	}
	return v, err
}

func deref(s *string) string {
	if s == nil {
		return ""
	}
	return *s
}

func roleInput(in model.RoleInput) access.RoleInput {
	return access.RoleInput{Name: in.Name, Description: deref(in.Description), Permissions: in.Permissions}
}

func moduleInput(in model.ModuleInput) access.ModuleInput {
	m := access.ModuleInput{Key: in.Key, Name: in.Name, Description: deref(in.Description), Actions: in.Actions, BaseURL: in.BaseURL}
	if in.Examples != nil {
		ex := make([]access.ExampleInput, len(in.Examples))
		for i, x := range in.Examples {
			ex[i] = access.ExampleInput{Title: x.Title, Method: x.Method, Path: x.Path, Description: deref(x.Description), Body: deref(x.Body), Action: deref(x.Action)}
		}
		m.Examples = &ex
	}
	return m
}

// edgesAt turns one page of rows into GraphQL edges and page info, with cursor the cursor of a row.
func edgesAt[T, E any](rows []T, hasNext bool, cursor func(*T) string, edge func(node *T, cursor string) E) ([]E, *model.PageInfo) {
	out := make([]E, len(rows))
	info := &model.PageInfo{HasNextPage: hasNext}
	for i := range rows {
		c := cursor(&rows[i])
		out[i] = edge(&rows[i], c)
		info.EndCursor = &c
	}
	return out, info
}

// approvalRole is the role and permissions of the token an approval request is about.
func (r *Resolver) approvalRole(ctx context.Context, req *approvals.Request) (*db.Role, []string, error) {
	if req.TokenID == nil {
		return nil, nil, nil
	}
	// Whoever may read the request (its link's holder, or a decider) may read its token's role.
	t, err := r.Tokens.TokenFor(ctx, *req.TokenID)
	if errs.Is(err, errs.NotFound) {
		return nil, nil, nil
	}
	if err != nil {
		return nil, nil, err
	}
	return r.Access.RoleWithPermissions(ctx, t.RoleID)
}

func ptr[T any](v T) *T { return &v }

// optionalID parses an optional ID argument (0 when left out), naming field when it is bad.
func optionalID(field string, id *string) (int64, error) {
	if id == nil || *id == "" {
		return 0, nil
	}
	return access.ParseID(field, *id)
}

func partnerInput(in model.PartnerInput) partners.PartnerInput {
	return partners.PartnerInput{Name: in.Name, BusinessOwnerEmails: in.BusinessOwnerEmails}
}

func applicationInput(in model.ApplicationInput) (partners.ApplicationInput, error) {
	pid, err := optionalID("partnerId", in.PartnerID)
	return partners.ApplicationInput{Name: in.Name, Description: deref(in.Description), PartnerID: pid}, err
}

// givenID parses an ID argument that may be left out (0); unlike optionalID an empty one is bad.
func givenID(field string, id *string) (int64, error) {
	if id == nil {
		return 0, nil
	}
	return access.ParseID(field, *id)
}

// values is a list of the rows that rows point to.
func values[T any](rows []*T, err error) ([]T, error) {
	if err != nil {
		return nil, err
	}
	out := make([]T, len(rows))
	for i, x := range rows {
		out[i] = *x
	}
	return out, nil
}

// addr is the address of v, or nil with an error.
func addr[T any](v T, err error) (*T, error) {
	if err != nil {
		return nil, err
	}
	return &v, nil
}

// nonEmpty is s, or nil (null in the API) when empty.
func nonEmpty(s string) *string {
	if s == "" {
		return nil
	}
	return &s
}

// signIn binds the session to u, who has just proven who they are.
func (r *Resolver) signIn(ctx context.Context, u *db.User) (*model.LoginResult, error) {
	if err := r.Sessions.SignIn(ctx, u.ID); err != nil {
		return nil, err
	}
	return &model.LoginResult{User: u}, nil
}

// renewing returns the result of a change, with a new session id first when mine says the
// change touched the caller's own privileges.
func renewing[T any](ctx context.Context, s Sessions, v *T, err error, mine func(*access.Principal) bool) (*T, error) {
	if err != nil {
		return nil, err
	}
	if mine(access.PrincipalFrom(ctx)) {
		return v, s.Renew(ctx)
	}
	return v, nil
}

func newUser(in model.CreateUserInput) (access.NewUser, error) {
	roleID, err := access.ParseID("roleId", in.RoleID)
	if err != nil {
		return access.NewUser{}, err
	}
	partnerID, err := optionalID("partnerId", in.PartnerID)
	return access.NewUser{Email: in.Email, Name: in.Name, Password: in.Password, RoleID: roleID,
		LoginCodeRequired: in.LoginCodeRequired != nil && *in.LoginCodeRequired, PartnerID: partnerID}, err
}

// userChanges parses the id and the changes of an updateUser.
func userChanges(id string, in model.UpdateUserInput) (int64, access.UserChanges, error) {
	ch := access.UserChanges{Email: in.Email, Name: in.Name, Password: in.Password, Active: in.Active,
		LoginCodeRequired: in.LoginCodeRequired}
	uid, err := access.ParseID("id", id)
	if err == nil && in.RoleID != nil {
		ch.RoleID, err = idRef("roleId", *in.RoleID)
	}
	return uid, ch, err
}

func newToken(in model.CreateTokenInput) (tokens.NewToken, error) {
	roleID, err := access.ParseID("roleId", in.RoleID)
	if err != nil {
		return tokens.NewToken{}, err
	}
	appID, err := optionalID("applicationId", in.ApplicationID)
	return tokens.NewToken{Name: in.Name, RoleID: roleID, ExpiresAt: in.ExpiresAt, Whitelist: in.Whitelist, ApplicationID: appID,
		ExpiryReminders: in.ExpiryReminders != nil && *in.ExpiryReminders}, err
}

// tokenChanges parses the id and the changes of an updateToken.
func tokenChanges(id string, in model.UpdateTokenInput) (int64, tokens.Changes, error) {
	ch := tokens.Changes{Name: in.Name, ExpiresAt: in.ExpiresAt, ExpiryReminders: in.ExpiryReminders,
		ClearExpiry: in.ClearExpiry != nil && *in.ClearExpiry}
	tid, err := access.ParseID("id", id)
	if err == nil && in.RoleID != nil {
		ch.RoleID, err = idRef("roleId", *in.RoleID)
	}
	return tid, ch, err
}

// withID parses the id argument and passes it on to do: the resolver of a field about one
// object.
func withID[T any](ctx context.Context, id string, do func(context.Context, int64) (T, error)) (T, error) {
	n, err := access.ParseID("id", id)
	if err != nil {
		var zero T
		return zero, err
	}
	return do(ctx, n)
}

// parsed passes an argument, once it became v (or failed with err), on to do: the resolver of
// a field whose input needs parsing.
func parsed[V, T any](ctx context.Context, v V, err error, do func(context.Context, V) (*T, error)) (*T, error) {
	if err != nil {
		return nil, err
	}
	return do(ctx, v)
}

// removed parses the id argument and passes it on to remove: the resolver of a mutation that
// deletes one object and answers true.
func removed(ctx context.Context, id string, remove func(context.Context, int64) error) (bool, error) {
	n, err := access.ParseID("id", id)
	if err != nil {
		return false, err
	}
	return true, remove(ctx, n)
}

// idRef parses an ID argument into a pointer, for a change that sets it.
func idRef(field, id string) (*int64, error) {
	n, err := access.ParseID(field, id)
	if err != nil {
		return nil, err
	}
	return &n, nil
}

// withSecret is a token with the secret it was just given, shown once.
func withSecret(t *db.Token, sec tokens.Secret, err error) (*model.TokenWithSecret, error) {
	if err != nil {
		return nil, err
	}
	return &model.TokenWithSecret{Token: t, Secret: string(sec)}, nil
}

func settingsChanges(in model.SettingsInput) settings.Changes {
	return settings.Changes{
		BusinessOwnerEmails: in.BusinessOwnerEmails, WhitelistApproval: in.WhitelistApproval,
		RequireWhitelist: in.RequireWhitelist, MaxTokenLifetimeDays: in.MaxTokenLifetimeDays,
		ReminderWindowDays: in.ReminderWindowDays, ApprovalLinkLifetimeHours: in.ApprovalLinkLifetimeHours,
		SessionIdleTimeoutMinutes: in.SessionIdleTimeoutMinutes, SessionLifetimeHours: in.SessionLifetimeHours,
		LoginCodeRequired: in.LoginCodeRequired, AuditRetentionDays: in.AuditRetentionDays, SignInLifetimeDays: in.SignInLifetimeDays,
	}
}
