package notify

import (
	"context"

	"github.com/keyward/keyward/server/mail"
)

// composeExpiry renders a reminder or the expired notice of a token, unless the token has
// been renewed, revoked or deleted since the job was queued.
func (s *Service) composeExpiry(ctx context.Context, a EmailArgs) (*mail.Message, error) {
	t, err := found(s.tokens.TokenFor(ctx, a.ID))
	if t == nil {
		return nil, err
	}
	if t.ExpiresAt == nil || t.RevokedAt != nil || !t.ExpiryReminders || a.To == "" {
		return nil, nil
	}
	now := s.now()
	url := s.tokenURL(&t.ID)
	data := map[string]any{"TokenName": t.Name, "ExpiresAt": *t.ExpiresAt, "TokenURL": url,
		"Button": mail.Button{URL: url, Label: "Renew the token"}}
	if a.Type == EmailTokenExpired {
		if now.Before(*t.ExpiresAt) {
			return nil, nil // renewed since
		}
		return mail.Render("token_expired", data, a.To)
	}
	if !now.Before(*t.ExpiresAt) {
		return nil, nil // the expired notice says it instead
	}
	data["ExpiresIn"] = expiresIn(t.ExpiresAt.Sub(now))
	return mail.Render("expiry_reminder", data, a.To)
}

// composeLoginCode makes a sign-in code, keeps its hash and renders the email.
func (s *Service) composeLoginCode(ctx context.Context, id int64) (*mail.Message, error) {
	lc, err := found(s.access.LoginCode(ctx, id))
	if lc == nil {
		return nil, err
	}
	now := s.now()
	if lc.UsedAt != nil || !now.Before(lc.ExpiresAt) {
		return nil, nil
	}
	u, err := s.access.User(ctx, lc.UserID)
	if err != nil {
		return nil, err
	}
	code := NewCode()
	// Nothing to send when the code was used or replaced meanwhile.
	if set, err := s.access.SetLoginCode(ctx, lc.ID, code); err != nil || !set {
		return nil, err
	}
	return mail.Render("login_code", map[string]any{"Name": u.Name, "Code": code, "Minutes": int(lc.ExpiresAt.Sub(lc.CreatedAt).Minutes())}, u.Email)
}
