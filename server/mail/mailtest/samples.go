package mailtest

import (
	"time"

	"github.com/keyward/keyward/server/mail"
)

// Samples returns, for every email template, data of the shape its sender gives it (fresh
// maps each call, so a caller may change them). The template tests render each, and the
// browser tests take a screenshot of those they cannot reach through a real flow.
func Samples() map[string]map[string]any {
	at := time.Date(2026, 12, 1, 9, 30, 0, 0, time.UTC)
	token := "https://keyward.example.com/tokens/42"
	renew := mail.Button{URL: token, Label: "Renew the token"}
	return map[string]map[string]any{
		"test": {"RequestedBy": "ada@example.com",
			"Button": mail.Button{URL: "https://keyward.example.com/settings", Label: "Open Keyward"}},
		"approval_request": {"TokenName": "Nightly export", "RoleName": "Support agent", "Permissions": []string{"clients:read"},
			"CIDR": "203.0.113.0/24", "RequestedBy": "sm@example.com", "RequestedAt": at, "ExpiresAt": at.Add(72 * time.Hour),
			"Link": "https://keyward.example.com/approve/x", "Note": "",
			"Button": mail.Button{URL: "https://keyward.example.com/approve/x", Label: "Review the request"},
			"Facts":  []mail.Fact{{Label: "Token", Value: "Nightly export"}}},
		"approval_decision": {"TokenName": "Nightly export", "CIDR": "203.0.113.0/24", "Approved": false, "DecidedBy": "bo@example.com",
			"DecidedAt": at, "Comment": "Use the partner VPN range instead.", "TokenURL": token,
			"Button": mail.Button{URL: token, Label: "Open the token"}},
		"approval_expired": {"TokenName": "Nightly export", "CIDR": "203.0.113.0/24", "ExpiresAt": at, "TokenURL": token,
			"Button": mail.Button{URL: token, Label: "Open the token"}},
		"expiry_reminder": {"TokenName": "Nightly export", "ExpiresAt": at, "ExpiresIn": "in 10 days", "TokenURL": token, "Button": renew},
		"token_expired":   {"TokenName": "Nightly export", "ExpiresAt": at, "TokenURL": token, "Button": renew},
		"login_code":      {"Name": "Ada", "Code": "123456", "Minutes": 10},
	}
}
