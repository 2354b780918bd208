// Package apptest runs a whole Keyward (real database, real HTTP) for tests, with a fake
// clock, and speaks GraphQL to it as a browser would.
package apptest

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"io"
	"io/fs"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/app"
	"github.com/keyward/keyward/server/clock"
	"github.com/keyward/keyward/server/config"
	"github.com/keyward/keyward/server/jobs"
	"github.com/keyward/keyward/server/mail/mailtest"
	"github.com/uptrace/bun"
)

// Env is one running Keyward.
type Env struct {
	App    *app.App
	Server *httptest.Server
	Clock  *clock.Fake
	logs   *syncWriter
	cfg    *config.Config
	opts   app.Options
	// addr is where the server listens; a restart listens there again.
	addr string
}

// SecretKey is the key every test Keyward encrypts its signing keys with.
const SecretKey = "keyward-tests-secret-key-32bytes"

// Start is the time a fake clock starts at.
var Start = time.Date(2026, 3, 1, 9, 0, 0, 0, time.UTC)

// Option adjusts the configuration or options before the app starts.
type Option func(*config.Config, *app.Options)

// WithSPA serves the given files as the console.
func WithSPA(f fs.FS) Option { return func(_ *config.Config, o *app.Options) { o.SPA = f } }

// Dialects are the databases every test runs on.
var Dialects = []db.Dialect{db.SQLite, db.Postgres}

// EachDialect runs fn once per dialect, as subtests named "database=sqlite" and
// "database=postgres".
func EachDialect(t *testing.T, fn func(t *testing.T, d db.Dialect)) {
	t.Helper()
	for _, d := range Dialects {
		t.Run("database="+string(d), func(t *testing.T) { fn(t, d) })
	}
}

// Each runs fn once per dialect on a Keyward of its own, started with opts on a fresh
// database.
func Each(t *testing.T, fn func(t *testing.T, e *Env), opts ...Option) {
	t.Helper()
	EachDialect(t, func(t *testing.T, d db.Dialect) { fn(t, New(t, d, opts...)) })
}

// StartSMTP starts a test SMTP server that stops with the test.
func StartSMTP(t testing.TB) *mailtest.Server {
	t.Helper()
	smtp, err := mailtest.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { smtp.Close() })
	return smtp
}

// EachWithMail is Each for a Keyward that sends its email to a test SMTP server of its own
// and runs its jobs at once.
func EachWithMail(t *testing.T, fn func(t *testing.T, e *Env, smtp *mailtest.Server), opts ...Option) {
	t.Helper()
	EachDialect(t, func(t *testing.T, d db.Dialect) {
		smtp := StartSMTP(t)
		fn(t, New(t, d, append([]Option{WithSMTP(smtp.URL()), WithFastJobs()}, opts...)...), smtp)
	})
}

// New starts Keyward on a fresh database of the given dialect.
func New(t testing.TB, dialect db.Dialect, opts ...Option) *Env {
	t.Helper()
	env := map[string]string{"KEYWARD_DATABASE_URL": dbtest.URL(t, dialect), "KEYWARD_SECRET_KEY": base64.StdEncoding.EncodeToString([]byte(SecretKey))}
	cfg, err := config.Load(func(k string) string { return env[k] }, nil)
	if err != nil {
		t.Fatal(err)
	}
	e := &Env{Clock: clock.NewFake(Start), logs: &syncWriter{buf: &bytes.Buffer{}}}
	o := app.Options{Clock: e.Clock, Log: e.logs}
	for _, opt := range opts {
		opt(cfg, &o)
	}
	e.cfg, e.opts = cfg, o
	e.start(t)
	t.Cleanup(e.stop)
	return e
}

func (e *Env) start(t testing.TB) {
	t.Helper()
	a, err := app.New(context.Background(), e.cfg, e.opts)
	if err != nil {
		t.Fatalf("apptest: start: %v", err)
	}
	e.App = a
	if e.addr == "" {
		e.Server = httptest.NewServer(a.Handler)
		e.addr = e.Server.Listener.Addr().String()
		return
	}
	// Listening again where it listened before, as a restarted process does.
	var ln net.Listener
	for deadline := time.Now().Add(5 * time.Second); ; time.Sleep(20 * time.Millisecond) {
		if ln, err = net.Listen("tcp", e.addr); err == nil || time.Now().After(deadline) {
			break
		}
	}
	if err != nil {
		t.Fatalf("apptest: listen again on %s: %v", e.addr, err)
	}
	e.Server = httptest.NewUnstartedServer(a.Handler)
	_ = e.Server.Listener.Close()
	e.Server.Listener = ln
	e.Server.Start()
}

func (e *Env) stop() {
	// The event streams end first: Close waits for every request to finish.
	e.App.Tokens.Cache().Feed().Close()
	e.Server.Close()
	e.App.Close()
}

// Replica starts a second Keyward on the same database and clock, as another replica
// behind the load balancer would be; it stops with the test.
func (e *Env) Replica(t testing.TB) *Env {
	t.Helper()
	r := &Env{Clock: e.Clock, logs: e.logs, cfg: e.cfg, opts: e.opts}
	r.start(t)
	t.Cleanup(r.stop)
	return r
}

// Restart stops Keyward and starts it again on the same database, clock and address, as a
// deploy or a crash and restart would.
func (e *Env) Restart(t testing.TB) { e.RestartAfter(t, func() {}) }

// RestartAfter stops Keyward, runs meanwhile while it is down, and starts it again.
func (e *Env) RestartAfter(t testing.TB, meanwhile func()) {
	t.Helper()
	e.stop()
	meanwhile()
	e.start(t)
}

// Client is a browser: it keeps cookies and sends same-origin requests.
type Client struct {
	t    testing.TB
	env  *Env
	HTTP *http.Client
	// Header is added to every request.
	Header http.Header
}

// Client returns a new client with an empty cookie jar.
func (e *Env) Client(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{t: t, env: e, HTTP: &http.Client{Jar: jar}, Header: http.Header{}}
}

// Response is a GraphQL response.
type Response struct {
	Status int
	Data   json.RawMessage `json:"data"`
	Errors []struct {
		Message    string         `json:"message"`
		Path       []any          `json:"path"`
		Extensions map[string]any `json:"extensions"`
	} `json:"errors"`
}

// Code returns the first error's extensions.code, or "".
func (r *Response) Code() string {
	if len(r.Errors) == 0 {
		return ""
	}
	c, _ := r.Errors[0].Extensions["code"].(string)
	return c
}

// Field returns the first error's extensions.field, or "".
func (r *Response) Field() string {
	if len(r.Errors) == 0 {
		return ""
	}
	f, _ := r.Errors[0].Extensions["field"].(string)
	return f
}

// Decode unmarshals data into v, failing the test on GraphQL errors.
func (r *Response) Decode(t testing.TB, v any) {
	t.Helper()
	if len(r.Errors) > 0 {
		t.Fatalf("graphql errors: %+v", r.Errors)
	}
	if err := json.Unmarshal(r.Data, v); err != nil {
		t.Fatalf("decode %s: %v", r.Data, err)
	}
}

// Do posts a GraphQL operation.
func (c *Client) Do(query string, vars map[string]any) *Response {
	c.t.Helper()
	body, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	req, _ := http.NewRequest(http.MethodPost, c.env.Server.URL+"/graphql", bytes.NewReader(body))
	req.Header.Set("Content-Type", "application/json")
	for k, v := range c.Header {
		req.Header[k] = v
	}
	res, err := c.HTTP.Do(req)
	if err != nil {
		c.t.Fatalf("post /graphql: %v", err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := &Response{Status: res.StatusCode}
	if err := json.Unmarshal(raw, out); err != nil {
		c.t.Fatalf("graphql response %d %q: %v", res.StatusCode, raw, err)
	}
	return out
}

// MustDo posts an operation and decodes its data into v, failing on any error.
func (c *Client) MustDo(query string, vars map[string]any, v any) {
	c.t.Helper()
	c.Do(query, vars).Decode(c.t, v)
}

// Cookie returns the value of the named cookie the client holds, or "".
func (c *Client) Cookie(name string) string {
	req, _ := http.NewRequest(http.MethodGet, c.env.Server.URL, nil)
	for _, ck := range c.HTTP.Jar.Cookies(req.URL) {
		if ck.Name == name {
			return ck.Value
		}
	}
	return ""
}

// AdminPassword is the password SetupAdmin gives the first administrator.
const AdminPassword = "correct horse battery staple"

// SetupAdmin runs first-run setup and returns a client signed in as the administrator.
func (e *Env) SetupAdmin(t testing.TB) *Client {
	t.Helper()
	c := e.Client(t)
	var out struct{ Setup struct{ ID string } }
	c.MustDo(`mutation($e:String!,$n:String!,$p:String!){ setup(email:$e,name:$n,password:$p){ id } }`,
		map[string]any{"e": "admin@example.com", "n": "Ada Admin", "p": AdminPassword}, &out)
	return c
}

// RoleID returns the id of the role named name.
func (c *Client) RoleID(name string) string {
	c.t.Helper()
	var out struct{ Roles []struct{ ID, Name string } }
	c.MustDo(`{ roles { id name } }`, nil, &out)
	for _, r := range out.Roles {
		if strings.EqualFold(r.Name, name) {
			return r.ID
		}
	}
	c.t.Fatalf("no role %q", name)
	return ""
}

// CreateUser adds a user with the role named role and returns a client signed in as them.
func (e *Env) CreateUser(t testing.TB, admin *Client, email, role string) *Client {
	t.Helper()
	var out struct{ CreateUser struct{ ID string } }
	admin.MustDo(`mutation($i:CreateUserInput!){ createUser(input:$i){ id } }`, map[string]any{"i": map[string]any{
		"email": email, "name": "Test User", "password": AdminPassword, "roleId": admin.RoleID(role)}}, &out)
	c := e.Client(t)
	var login struct {
		Login struct{ User struct{ ID string } }
	}
	c.MustDo(`mutation($e:String!,$p:String!){ login(email:$e,password:$p){ user { id } } }`, map[string]any{"e": email, "p": AdminPassword}, &login)
	return c
}

type syncWriter struct {
	mu  sync.Mutex
	buf *bytes.Buffer
}

func (w *syncWriter) Write(p []byte) (int, error) {
	w.mu.Lock()
	defer w.mu.Unlock()
	return w.buf.Write(p)
}

// LogText returns everything the server has logged so far.
func (e *Env) LogText() string {
	e.logs.mu.Lock()
	defer e.logs.mu.Unlock()
	return e.logs.buf.String()
}

// SignIn returns a new client signed in as email (with AdminPassword).
func (e *Env) SignIn(t testing.TB, email string) *Client {
	t.Helper()
	c := e.Client(t)
	var login struct {
		Login struct{ User struct{ ID string } }
	}
	c.MustDo(`mutation($e:String!,$p:String!){ login(email:$e,password:$p){ user { id } } }`, map[string]any{"e": email, "p": AdminPassword}, &login)
	return c
}

// WithBaseURL sets KEYWARD_BASE_URL (https makes cookies Secure).
func WithBaseURL(u string) Option {
	return func(c *config.Config, _ *app.Options) {
		parsed, err := url.Parse(u)
		if err != nil {
			panic(err)
		}
		c.BaseURL = parsed
	}
}

// WithSMTP sends email to the test SMTP server at url (mailtest.Server.URL).
func WithSMTP(url string) Option {
	return func(c *config.Config, _ *app.Options) { c.SMTPURL = url }
}

// WithQueryHook makes hook hear every statement Keyward runs through bun.
func WithQueryHook(hook bun.QueryHook) Option {
	return func(_ *config.Config, o *app.Options) { o.QueryHook = hook }
}

// WithFastJobs makes jobs start within milliseconds and retry after 250ms.
func WithFastJobs() Option {
	return func(_ *config.Config, o *app.Options) {
		o.Jobs = jobs.Options{PollInterval: 20 * time.Millisecond, Retry: jobs.FixedRetry(250 * time.Millisecond)}
	}
}

// WithSettingsMaxAge makes each process keep its copy of the settings for d: a long d
// shows that a replica heard of a change rather than re-read it on its own.
func WithSettingsMaxAge(d time.Duration) Option {
	return func(_ *config.Config, o *app.Options) { o.SettingsMaxAge = d }
}

// APIResponse is an answer of the machine API (or any JSON endpoint).
type APIResponse struct {
	Status int
	Body   map[string]any
	Raw    string
	Header http.Header
}

// Call sends one request to Keyward with the given headers (a body is sent as JSON) and
// reads the answer.
func (e *Env) Call(t testing.TB, method, path string, hdr map[string]string, body string) APIResponse {
	t.Helper()
	req, err := http.NewRequest(method, e.Server.URL+path, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range hdr {
		req.Header.Set(k, v)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	raw, _ := io.ReadAll(res.Body)
	out := APIResponse{Status: res.StatusCode, Raw: string(raw), Header: res.Header}
	_ = json.Unmarshal(raw, &out.Body)
	return out
}

// JobDone waits until a job of kind has completed once: for a periodic job that also runs at
// start-up, call it before moving the test's clock, so that the start-up run cannot act on
// the moved clock (its next run is an interval of real time away).
func (e *Env) JobDone(t testing.TB, kind string) {
	t.Helper()
	deadline := time.Now().Add(30 * time.Second)
	for {
		var done int
		err := e.App.DB.NewRaw("SELECT count(*) FROM river_job WHERE kind = ? AND state = 'completed'", kind).Scan(context.Background(), &done)
		if err != nil {
			t.Fatal(err)
		}
		if done > 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("no %s job completed within 30 s", kind)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
