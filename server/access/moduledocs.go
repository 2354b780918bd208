package access

import (
	"context"
	"encoding/json"
	"fmt"
	"net/url"
	"slices"
	"strings"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/server/errs"
)

// An API module may document its API for the API library: the base URL where it answers and
// example calls. Keyward's own modules carry none: their API is Keyward's GraphQL and machine
// API, documented by the playground and the OpenAPI description, and they cannot be changed.

// The limits of a module's documentation.
const (
	MaxExamples       = 50
	MaxExampleTitle   = 120
	MaxExampleBody    = 16 << 10 // bytes
	maxBaseURL        = 500
	maxExamplePath    = 2000
	maxExampleDetails = 500
)

// Methods are the HTTP methods an example call may use.
var Methods = []string{"GET", "POST", "PUT", "PATCH", "DELETE"}

// ExampleInput is one example call as a client sends it.
type ExampleInput struct {
	Title, Method, Path, Description, Body, Action string
}

// validateBaseURL checks an absolute http(s) URL without query, fragment or credentials and
// returns it without a trailing slash, so that base URL + path joins cleanly; "" clears it.
func validateBaseURL(raw string) (string, error) {
	const field = "baseUrl"
	s := strings.TrimSpace(raw)
	if s == "" {
		return "", nil
	}
	if len(s) > maxBaseURL {
		return "", errs.InvalidField(field, "the base URL must be at most %d characters", maxBaseURL)
	}
	if i := strings.IndexFunc(s, func(r rune) bool { return r <= ' ' || r == 0x7f || r > 0x7e }); i >= 0 {
		return "", errs.InvalidField(field, "the base URL must not contain spaces, control or non-ASCII characters (percent-encode them)")
	}
	u, err := url.Parse(s)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" || u.Opaque != "" {
		return "", errs.InvalidField(field, "the base URL must be an absolute http or https URL, like https://api.example.com/v1")
	}
	if u.User != nil {
		return "", errs.InvalidField(field, "the base URL must not carry a user name or password: everyone who reads the API library sees it")
	}
	if strings.ContainsAny(s, "?#") {
		return "", errs.InvalidField(field, "the base URL must not have a query or a fragment: put a query in an example's path")
	}
	if strings.ContainsAny(s, "{}\"'<>\\^`|") {
		return "", errs.InvalidField(field, "the base URL must not contain quotes, braces, angle brackets or backslashes")
	}
	return strings.TrimRight(s, "/"), nil
}

// validateExamples checks every example call, naming the field of the first fault
// (examples[2].path), and returns them cleaned. actions are the module's actions.
func validateExamples(in []ExampleInput, actions []string) ([]db.ModuleExample, error) {
	if len(in) > MaxExamples {
		return nil, errs.InvalidField("examples", "a module may document at most %d example calls", MaxExamples)
	}
	out := make([]db.ModuleExample, 0, len(in))
	for i, x := range in {
		f := func(name string) string { return fmt.Sprintf("examples[%d].%s", i, name) }
		var ex db.ModuleExample
		var err error
		if ex.Title, err = Line(f("title"), "title", x.Title, MaxExampleTitle, true); err != nil {
			return nil, err
		}
		ex.Method = strings.ToUpper(strings.TrimSpace(x.Method))
		if !slices.Contains(Methods, ex.Method) {
			return nil, errs.InvalidField(f("method"), "method must be one of %s", strings.Join(Methods, ", "))
		}
		if ex.Path, err = validatePath(f("path"), x.Path); err != nil {
			return nil, err
		}
		if ex.Description, err = Text(f("description"), "description", x.Description, maxExampleDetails, false); err != nil {
			return nil, err
		}
		ex.Body = strings.TrimSpace(x.Body)
		switch {
		case ex.Body == "":
		case ex.Method == "GET" || ex.Method == "DELETE":
			return nil, errs.InvalidField(f("body"), "a %s call has no body: leave it empty or choose POST, PUT or PATCH", ex.Method)
		case len(ex.Body) > MaxExampleBody:
			return nil, errs.InvalidField(f("body"), "the body must be at most %d KB", MaxExampleBody>>10)
		case !json.Valid([]byte(ex.Body)):
			return nil, errs.InvalidField(f("body"), "the body must be valid JSON")
		}
		ex.Action = strings.ToLower(strings.TrimSpace(x.Action))
		if ex.Action != "" && !slices.Contains(actions, ex.Action) {
			return nil, errs.InvalidField(f("action"), "action %q is not one of the module's actions (%s)", ex.Action, strings.Join(actions, ", "))
		}
		out = append(out, ex)
	}
	return out, nil
}

// validatePath checks the path of an example call: it starts with one "/", may hold
// {placeholders} and a query, and nothing that a shell, a string literal or a URL would
// read otherwise.
func validatePath(field, raw string) (string, error) {
	p := strings.TrimSpace(raw)
	switch {
	case p == "":
		return "", errs.InvalidField(field, "path is required, like /customers/{id}")
	case len(p) > maxExamplePath:
		return "", errs.InvalidField(field, "path must be at most %d characters", maxExamplePath)
	case !strings.HasPrefix(p, "/") || strings.HasPrefix(p, "//"):
		return "", errs.InvalidField(field, "path must start with a single \"/\" and follow the base URL, like /customers/{id}")
	case strings.IndexFunc(p, func(r rune) bool { return r <= ' ' || r == 0x7f || r > 0x7e }) >= 0:
		return "", errs.InvalidField(field, "path must not contain spaces, control or non-ASCII characters (percent-encode them)")
	case strings.ContainsAny(p, "#\"'<>\\^`|"):
		return "", errs.InvalidField(field, "path must not contain a fragment (#), quotes, angle brackets or backslashes")
	}
	return p, nil
}

// APILibrary lists the organisation's API modules that document their API (a base URL or
// example calls), by name: what every signed-in caller may read to learn how to call them.
func (s *Service) APILibrary(ctx context.Context) ([]db.Module, error) {
	var ms []db.Module
	if err := s.db.NewSelect().Model(&ms).Where("builtin = ?", false).OrderExpr("lower(name), key").Scan(ctx); err != nil {
		return nil, wrap("api library", err)
	}
	return slices.DeleteFunc(ms, func(m db.Module) bool { return !m.Documented() }), nil
}

// docsChanges says, for the audit trail, what changed in a module's documentation.
func docsChanges(details map[string]any, oldURL, newURL string, oldEx, newEx []db.ModuleExample) {
	if oldURL != newURL {
		details["baseUrl"] = newURL
	}
	if !slices.Equal(oldEx, newEx) {
		titles := make([]string, len(newEx))
		for i, x := range newEx {
			titles[i] = x.Method + " " + x.Path
		}
		details["examples"] = titles
	}
}
