package db

import (
	"time"

	"github.com/uptrace/bun"
)

// Module is a group of permissions: one of Keyward's own or an API module of the
// organisation.
type Module struct {
	bun.BaseModel `bun:"table:modules"`

	Key         string    `bun:"key,pk"`
	Name        string    `bun:"name"`
	Description string    `bun:"description"`
	Builtin     bool      `bun:"builtin"`
	CreatedAt   time.Time `bun:"created_at"`
	// BaseURL is where the module's API answers (https://api.example.com/v1), without a
	// trailing slash; "" when it is not documented.
	BaseURL string `bun:"base_url"`
	// Examples are documented calls of the module's API, in the order the API library shows
	// them (never nil once read or written by the access package).
	Examples []ModuleExample `bun:"examples,type:text"`
}

// Documented reports whether the module has anything for the API library.
func (m *Module) Documented() bool { return m.BaseURL != "" || len(m.Examples) > 0 }

// ModuleExample is one documented call of an API module: GET /customers/{id}.
type ModuleExample struct {
	Title string `json:"title"`
	// Method is GET, POST, PUT, PATCH or DELETE.
	Method string `json:"method"`
	// Path follows the module's base URL and starts with "/"; it may hold {placeholders} and
	// a query.
	Path        string `json:"path"`
	Description string `json:"description,omitempty"`
	// Body is the JSON request body, "" for none.
	Body string `json:"body,omitempty"`
	// Action is the module's action the call needs (read in clients:read), "" when unsaid.
	Action string `json:"action,omitempty"`
}

// Permission is one module:action of the catalog.
type Permission struct {
	bun.BaseModel `bun:"table:permissions"`

	Name   string `bun:"name,pk"`
	Module string `bun:"module"`
	Action string `bun:"action"`
	// Qualifier limits the action ("own" in transactions:read:own); "" for none.
	Qualifier   string `bun:"qualifier"`
	Description string `bun:"description"`
	Builtin     bool   `bun:"builtin"`
}

// QualifiedAction is the action as a module lists it: read, or read:own.
func (p Permission) QualifiedAction() string {
	if p.Qualifier == "" {
		return p.Action
	}
	return p.Action + ":" + p.Qualifier
}

// Role is a named set of permissions. AllPermissions roles hold the whole catalog.
type Role struct {
	bun.BaseModel `bun:"table:roles"`

	ID             int64     `bun:"id,pk,autoincrement"`
	Name           string    `bun:"name"`
	Description    string    `bun:"description"`
	Builtin        bool      `bun:"builtin"`
	AllPermissions bool      `bun:"all_permissions"`
	CreatedAt      time.Time `bun:"created_at"`
	UpdatedAt      time.Time `bun:"updated_at"`
}

// RolePermission links a role to one permission it holds.
type RolePermission struct {
	bun.BaseModel `bun:"table:role_permissions"`

	RoleID     int64  `bun:"role_id,pk"`
	Permission string `bun:"permission,pk"`
}

// User is a console account.
type User struct {
	bun.BaseModel `bun:"table:users"`

	ID                int64      `bun:"id,pk,autoincrement"`
	Email             string     `bun:"email"`
	Name              string     `bun:"name"`
	PasswordHash      string     `bun:"password_hash"`
	RoleID            int64      `bun:"role_id"`
	Active            bool       `bun:"active"`
	LoginCodeRequired bool       `bun:"login_code_required"`
	LastLoginAt       *time.Time `bun:"last_login_at"`
	CreatedAt         time.Time  `bun:"created_at"`
	UpdatedAt         time.Time  `bun:"updated_at"`
	// PartnerID is the partner the user belongs to (nil: the organisation's own staff).
	PartnerID *int64 `bun:"partner_id"`
}

// Partner is an outside organisation that calls the APIs (a fintech, a retailer), with its
// own Business Owners.
type Partner struct {
	bun.BaseModel `bun:"table:partners"`

	ID                  int64     `bun:"id,pk,autoincrement"`
	Name                string    `bun:"name"`
	BusinessOwnerEmails []string  `bun:"business_owner_emails,type:text"`
	CreatedAt           time.Time `bun:"created_at"`
	UpdatedAt           time.Time `bun:"updated_at"`
}

// Application is one integration of a partner (or of the organisation), with a client id that
// never changes.
type Application struct {
	bun.BaseModel `bun:"table:applications"`

	ID          int64     `bun:"id,pk,autoincrement"`
	ClientID    string    `bun:"client_id"`
	Name        string    `bun:"name"`
	Description string    `bun:"description"`
	PartnerID   *int64    `bun:"partner_id"`
	CreatedAt   time.Time `bun:"created_at"`
	UpdatedAt   time.Time `bun:"updated_at"`
}

// SentEmail records that the email of one job went out, so that a job run again (rescued
// after a crash) does not send it twice.
type SentEmail struct {
	bun.BaseModel `bun:"table:sent_emails"`

	Key    string    `bun:"key,pk"`
	SentAt time.Time `bun:"sent_at"`
}

// LoginAddress is a client address a user signed in from: a lock-out of that address for
// password spraying does not apply to them.
type LoginAddress struct {
	bun.BaseModel `bun:"table:login_addresses"`

	UserID int64     `bun:"user_id,pk"`
	IP     string    `bun:"ip,pk"`
	LastAt time.Time `bun:"last_at"`
}

// LoginThrottle counts failed logins for one key: an account from one client address, or
// the accounts one client address failed against.
type LoginThrottle struct {
	bun.BaseModel `bun:"table:login_throttle"`

	Key         string     `bun:"key,pk"`
	Failures    int        `bun:"failures"`
	WindowStart time.Time  `bun:"window_start"`
	LockedUntil *time.Time `bun:"locked_until"`
}

// AuditEvent is one entry of the append-only audit trail.
type AuditEvent struct {
	bun.BaseModel `bun:"table:audit_events"`

	ID          int64     `bun:"id,pk,autoincrement"`
	At          time.Time `bun:"at"`
	ActorType   string    `bun:"actor_type"`
	ActorID     string    `bun:"actor_id"`
	ActorLabel  string    `bun:"actor_label"`
	Action      string    `bun:"action"`
	TargetType  string    `bun:"target_type"`
	TargetID    string    `bun:"target_id"`
	TargetLabel string    `bun:"target_label"`
	Outcome     string    `bun:"outcome"`
	IP          string    `bun:"ip"`
	UserAgent   string    `bun:"user_agent"`
	Details     string    `bun:"details"`
	// PartnerID is the partner the event concerns (nil: the organisation's own business).
	PartnerID *int64 `bun:"partner_id"`
}

// Token is an API token. Its secrets live in token_secrets, as hashes only.
type Token struct {
	bun.BaseModel `bun:"table:tokens"`

	ID              int64      `bun:"id,pk,autoincrement"`
	Name            string     `bun:"name"`
	RoleID          int64      `bun:"role_id"`
	Hint            string     `bun:"hint"`
	ExpiresAt       *time.Time `bun:"expires_at"`
	ExpiryReminders bool       `bun:"expiry_reminders"`
	RevokedAt       *time.Time `bun:"revoked_at"`
	RevokedBy       string     `bun:"revoked_by"`
	CreatedByID     *int64     `bun:"created_by_id"`
	CreatedBy       string     `bun:"created_by"`
	CreatedAt       time.Time  `bun:"created_at"`
	UpdatedAt       time.Time  `bun:"updated_at"`
	LastUsedAt      *time.Time `bun:"last_used_at"`
	LastUsedIP      string     `bun:"last_used_ip"`
	UseCount        int64      `bun:"use_count"`
	RemindedOn      string     `bun:"reminded_on"`
	ExpiryNoticeFor *time.Time `bun:"expiry_notice_for"`
	// PartnerID is the partner the token belongs to (nil: the organisation's own), and
	// ApplicationID the application it was issued for, if any.
	PartnerID     *int64 `bun:"partner_id"`
	ApplicationID *int64 `bun:"application_id"`
	// LastRefusedAt is when the token was last refused, and LastRefusedReason why (the
	// verify API's code), as the batch of refusals wrote them.
	LastRefusedAt     *time.Time `bun:"last_refused_at"`
	LastRefusedReason string     `bun:"last_refused_reason"`
}

// TokenUseDay counts the uses of one token (0: an unknown token, or none) on one day (UTC,
// YYYY-MM-DD) that ended one way: Result is "ok" or the refusal reason.
type TokenUseDay struct {
	bun.BaseModel `bun:"table:token_use_days"`

	TokenID int64  `bun:"token_id,pk"`
	Day     string `bun:"day,pk"`
	Result  string `bun:"result,pk"`
	Count   int64  `bun:"count"`
}

// TokenSecret is the SHA-256 (hex) of one valid secret of a token. ExpiresAt is set on a
// replaced secret that lives on for a grace period.
type TokenSecret struct {
	bun.BaseModel `bun:"table:token_secrets"`

	Hash      string     `bun:"hash,pk"`
	TokenID   int64      `bun:"token_id"`
	ExpiresAt *time.Time `bun:"expires_at"`
	CreatedAt time.Time  `bun:"created_at"`
}

// WhitelistEntry is one IP address or CIDR range (canonical) that a token may be used from,
// once approved.
type WhitelistEntry struct {
	bun.BaseModel `bun:"table:whitelist_entries"`

	ID          int64      `bun:"id,pk,autoincrement"`
	TokenID     int64      `bun:"token_id"`
	CIDR        string     `bun:"cidr"`
	Status      string     `bun:"status"`
	Note        string     `bun:"note"`
	RequestedBy string     `bun:"requested_by"`
	DecidedBy   string     `bun:"decided_by"`
	DecidedAt   *time.Time `bun:"decided_at"`
	CreatedAt   time.Time  `bun:"created_at"`
}

// SettingsRow holds Keyward's settings as one JSON document (a single row, id 1).
type SettingsRow struct {
	bun.BaseModel `bun:"table:settings"`

	ID        int64     `bun:"id,pk"`
	Data      string    `bun:"data"`
	UpdatedAt time.Time `bun:"updated_at"`
	UpdatedBy string    `bun:"updated_by"`
}

// ApprovalRequest asks one Business Owner to approve one pending whitelist entry. It keeps a
// copy of what was asked (token name, range, requester) so that it still reads after the
// entry or token is gone. LinkHash is the SHA-256 of the single-use link, set when the email
// is sent; State is PENDING, APPROVED, REJECTED or CANCELLED.
type ApprovalRequest struct {
	bun.BaseModel `bun:"table:approval_requests"`

	ID          int64      `bun:"id,pk,autoincrement"`
	EntryID     *int64     `bun:"entry_id"`
	TokenID     *int64     `bun:"token_id"`
	TokenName   string     `bun:"token_name"`
	CIDR        string     `bun:"cidr"`
	OwnerEmail  string     `bun:"owner_email"`
	RequesterID *int64     `bun:"requester_id"`
	RequestedBy string     `bun:"requested_by"`
	LinkHash    *string    `bun:"link_hash"`
	State       string     `bun:"state"`
	ExpiresAt   time.Time  `bun:"expires_at"`
	SentAt      *time.Time `bun:"sent_at"`
	DecidedBy   string     `bun:"decided_by"`
	DecidedAt   *time.Time `bun:"decided_at"`
	DecidedIP   string     `bun:"decided_ip"`
	DecidedUA   string     `bun:"decided_ua"`
	Comment     string     `bun:"comment"`
	CreatedAt   time.Time  `bun:"created_at"`
	// ExpiryNoticedAt is when the requester was told that the request expired undecided.
	ExpiryNoticedAt *time.Time `bun:"expiry_noticed_at"`
	// PartnerID is the partner of the token asked about (nil: the organisation's own).
	PartnerID *int64 `bun:"partner_id"`
}

// Notification is an in-app message for one user (the bell in the console header).
type Notification struct {
	bun.BaseModel `bun:"table:notifications"`

	ID        int64      `bun:"id,pk,autoincrement"`
	UserID    int64      `bun:"user_id"`
	Kind      string     `bun:"kind"`
	Title     string     `bun:"title"`
	Body      string     `bun:"body"`
	Link      string     `bun:"link"`
	ReadAt    *time.Time `bun:"read_at"`
	CreatedAt time.Time  `bun:"created_at"`
}

// LoginCode is the emailed one-time code of a sign-in in progress; CodeHash is set when the
// email is sent.
type LoginCode struct {
	bun.BaseModel `bun:"table:login_codes"`

	ID        int64      `bun:"id,pk,autoincrement"`
	UserID    int64      `bun:"user_id"`
	CodeHash  string     `bun:"code_hash"`
	Attempts  int        `bun:"attempts"`
	ExpiresAt time.Time  `bun:"expires_at"`
	UsedAt    *time.Time `bun:"used_at"`
	CreatedAt time.Time  `bun:"created_at"`
}

// SigningKey signs the access tokens of API sign-ins. Its private key is stored sealed with
// the secret key of the configuration, never in the clear.
type SigningKey struct {
	bun.BaseModel `bun:"table:signing_keys"`

	ID         int64     `bun:"id,pk,autoincrement"`
	KID        string    `bun:"kid"`
	Algorithm  string    `bun:"algorithm"`
	PublicKey  string    `bun:"public_key"`
	PrivateKey string    `bun:"private_key"`
	ActiveFrom time.Time `bun:"active_from"`
	CreatedAt  time.Time `bun:"created_at"`
}

// SignIn is one API sign-in of a user: the family of its refresh tokens and access tokens.
type SignIn struct {
	bun.BaseModel `bun:"table:sign_ins"`

	ID              int64      `bun:"id,pk,autoincrement"`
	UserID          int64      `bun:"user_id"`
	IP              string     `bun:"ip"`
	UserAgent       string     `bun:"user_agent"`
	CreatedAt       time.Time  `bun:"created_at"`
	ExpiresAt       time.Time  `bun:"expires_at"`
	LastRefreshedAt *time.Time `bun:"last_refreshed_at"`
	EndedAt         *time.Time `bun:"ended_at"`
	EndReason       string     `bun:"end_reason"`
}

// RefreshToken is one refresh token of a sign-in, by the hash of its secret; it works once.
type RefreshToken struct {
	bun.BaseModel `bun:"table:refresh_tokens"`

	ID        int64      `bun:"id,pk,autoincrement"`
	SignInID  int64      `bun:"sign_in_id"`
	Hash      string     `bun:"hash"`
	CreatedAt time.Time  `bun:"created_at"`
	ExpiresAt time.Time  `bun:"expires_at"`
	UsedAt    *time.Time `bun:"used_at"`
}
