package access_test

import (
	"strings"
	"testing"

	"github.com/keyward/keyward/server/access"
	"github.com/keyward/keyward/server/errs"
)

func TestPasswordRule(t *testing.T) {
	refused := map[string]string{
		"passwordpassword":              "too easy",
		"123456789012":                  "too easy",
		"qwertyuiopasdf":                "too easy",
		"aaaaaaaaaaaaaaaa":              "too easy",
		"short":                         "at least 12",
		strings.Repeat("x", 257):        "at most 256",
		"ada.lovelace rides a unicycle": "email or name",
		"unicycle Lovelace tandem":      "email or name",
		"a long\x00enough password":     "control characters",
		"a long\r\nenough password":     "control characters",
	}
	for pw, want := range refused {
		err := access.ValidatePassword("password", pw, "ada.lovelace@example.com", "Ada Lovelace")
		if e := errs.As(err); e == nil || e.Field != "password" || !strings.Contains(e.Message, want) {
			t.Errorf("%q: %v; want an error on password saying %q", pw, err, want)
		}
	}
	for _, pw := range []string{"correct horse battery staple", "a long enough password", "Tr0ub4dor&3 is not enough", "an example of a sentence", strings.Repeat("zebra crossing tuba ", 12)} {
		if err := access.ValidatePassword("password", pw, "ada.lovelace@example.com", "Ada Lovelace"); err != nil {
			t.Errorf("%q refused: %v", pw, err)
		}
	}
}
