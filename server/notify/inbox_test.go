package notify

import (
	"encoding/json"
	"testing"

	"github.com/keyward/keyward/server/errs"
	"github.com/keyward/keyward/server/jobs"
)

// A test email goes to the address asked for, written as one bare address, or else to the
// address of whoever asked; an API token, which has none, must name one.
func TestTestRecipient(t *testing.T) {
	for _, c := range []struct {
		name, to, by, want string
		bad                bool
	}{
		{name: "own address", by: "me@example.com", want: "me@example.com"},
		{name: "blank is own", to: "  ", by: "me@example.com", want: "me@example.com"},
		{name: "given, trimmed and lower-cased", to: " Ops@Example.COM ", by: "me@example.com", want: "ops@example.com"},
		{name: "given by a token", to: "ops@example.com", want: "ops@example.com"},
		{name: "not an address", to: "ops", by: "me@example.com", bad: true},
		{name: "with a display name", to: "Ops <ops@example.com>", by: "me@example.com", bad: true},
		{name: "none at all", bad: true},
	} {
		t.Run(c.name, func(t *testing.T) {
			got, err := testRecipient(c.to, c.by)
			if c.bad {
				if !errs.Is(err, errs.Invalid) {
					t.Fatalf("testRecipient(%q, %q) = %q, %v; want an invalid-input error", c.to, c.by, got, err)
				}
				return
			}
			if err != nil || got != c.want {
				t.Fatalf("testRecipient(%q, %q) = %q, %v; want %q", c.to, c.by, got, err, c.want)
			}
		})
	}
}

// Only the email jobs are email problems, each with the email it sends.
func TestEmailProblems(t *testing.T) {
	args, _ := json.Marshal(EmailArgs{Type: EmailTest, To: "ops@example.com"})
	got := EmailProblems([]jobs.Problem{{ID: 1, Kind: "email", Args: args}, {ID: 2, Kind: "other"}, {ID: 3, Kind: "email", Args: []byte("{")}})
	if len(got) != 2 || got[0].ID != 1 || got[0].Email.To != "ops@example.com" || got[0].Email.Type != EmailTest || got[1].ID != 3 {
		t.Fatalf("EmailProblems = %+v", got)
	}
}
