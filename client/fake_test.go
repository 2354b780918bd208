package client

import (
	"crypto/ed25519"
	"crypto/rand"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"hash/crc32"
	"io"
	"log/slog"
	"math/big"
	"net/http"
	"net/http/httptest"
	"net/netip"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// Tokens made by Keyward's own generator (server/tokens.NewSecret).
const (
	resourceToken = "kw_l6sJdSY1fALeDraRu8xRU8zmIgK9MX7cxRXnUUbXT3K185K9V" // the resource server's
	agentToken    = "kw_gVJRDplYyEqWTpf6RyJJGkj4owcV2kKEClBeYHnJ4012n2fFW"
	otherToken    = "kw_hKHV1tzVIL1YZ38JkbT6VTcVejjg7MmE1IjkoZE5EXG3LdZsW"
)

// newToken makes a well-formed API token, as Keyward does.
func newToken(t testing.TB) string {
	var b [32]byte
	if _, err := rand.Read(b[:]); err != nil {
		t.Fatal(err)
	}
	n := new(big.Int).SetBytes(b[:])
	random := make([]byte, randomLen)
	base, mod := big.NewInt(62), new(big.Int)
	for i := randomLen - 1; i >= 0; i-- {
		n.DivMod(n, base, mod)
		random[i] = alphabet[mod.Int64()]
	}
	c := crc32.ChecksumIEEE(random)
	sum := make([]byte, checksumLen)
	for i := checksumLen - 1; i >= 0; i-- {
		sum[i] = alphabet[c%62]
		c /= 62
	}
	return tokenPrefix + string(random) + string(sum)
}

// agentAnswer is verify's answer for agentToken.
const agentAnswer = `{"valid":true,"token":{"id":"12","name":"agent","hint":"kw_gVJR…2fFW"},"role":{"id":"3","name":"AGENT"},` +
	`"permissions":["clients:read","transactions:read:own"],"expiresAt":null,"application":{"client_id":"app-1","name":"Shop"},` +
	`"tenant_id":"7","subject":{"user_id":"5","tenant_id":"7","client_id":"app-1"}}`

// fake is a Keyward for tests: its verify API, events stream and JWKS.
type fake struct {
	t   testing.TB
	srv *httptest.Server

	mu sync.Mutex
	// answers are verify's answers by token (and "token|ip" first).
	answers map[string]string
	// gate, when set, holds verify's answers until it is closed; entered hears of each call.
	gate    chan struct{}
	entered chan struct{}
	keys    map[string]ed25519.PublicKey

	verifies, jwksFetches, streams atomic.Int64
	// verifyStatus, when set, is verify's status (with no verdict); verifyHangUp drops the
	// connection instead of answering.
	verifyStatus atomic.Int64
	verifyHangUp atomic.Bool
	// eventsStatus, when set, refuses the events stream with it.
	eventsStatus atomic.Int64
	// jwksStatus, when set, refuses the JWKS with it.
	jwksStatus atomic.Int64
	// heartbeat (ms) is said in ready; autoHeartbeat sends heartbeats at that pace. By
	// default a minute, unsent: no test depends on the scheduler keeping a pace.
	heartbeat     int
	autoHeartbeat bool
	events        chan string
	drop          chan struct{}
	lastIP        atomic.Value
}

func newFake(t testing.TB) *fake {
	f := &fake{t: t, answers: map[string]string{agentToken: agentAnswer}, keys: map[string]ed25519.PublicKey{},
		heartbeat: 60_000, events: make(chan string), drop: make(chan struct{})}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /api/v1/verify", f.verify)
	mux.HandleFunc("GET /api/v1/events", f.stream)
	mux.HandleFunc("GET /.well-known/jwks.json", f.jwks)
	f.srv = httptest.NewServer(mux)
	t.Cleanup(func() {
		f.srv.CloseClientConnections()
		f.srv.Close()
	})
	return f
}

func (f *fake) answer(token, body string) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.answers[token] = body
}

func (f *fake) authorised(w http.ResponseWriter, r *http.Request) bool {
	if r.Header.Get("X-Auth-Token") != resourceToken {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusUnauthorized)
		io.WriteString(w, `{"error":"unauthorized","message":"invalid or expired token"}`+"\n")
		return false
	}
	return true
}

func (f *fake) verify(w http.ResponseWriter, r *http.Request) {
	if !f.authorised(w, r) {
		return
	}
	f.verifies.Add(1)
	var body struct{ Token, IP, Permission string }
	if err := json.NewDecoder(r.Body).Decode(&body); err != nil {
		f.t.Errorf("verify: unreadable body: %v", err)
	}
	if body.Permission != "" {
		f.t.Errorf("verify asked with a permission: %q", body.Permission)
	}
	f.lastIP.Store(body.IP)
	f.mu.Lock()
	gate, entered := f.gate, f.entered
	ans, ok := f.answers[body.Token+"|"+body.IP]
	if !ok {
		ans, ok = f.answers[body.Token]
	}
	f.mu.Unlock()
	if entered != nil {
		entered <- struct{}{}
	}
	if gate != nil {
		<-gate
	}
	if f.verifyHangUp.Load() {
		conn, _, err := w.(http.Hijacker).Hijack()
		if err == nil {
			conn.Close()
		}
		return
	}
	if s := f.verifyStatus.Load(); s != 0 {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(int(s))
		io.WriteString(w, `{"error":"unavailable","message":"down"}`)
		return
	}
	if !ok {
		ans = `{"valid":false,"code":"unknown"}`
	}
	w.Header().Set("Content-Type", "application/json")
	io.WriteString(w, ans+"\n")
}

func (f *fake) stream(w http.ResponseWriter, r *http.Request) {
	if !f.authorised(w, r) {
		return
	}
	if s := f.eventsStatus.Load(); s != 0 {
		w.WriteHeader(int(s))
		return
	}
	f.streams.Add(1)
	w.Header().Set("Content-Type", "text/event-stream")
	w.WriteHeader(http.StatusOK)
	fmt.Fprintf(w, "event: ready\ndata: {\"heartbeat\":%d}\n\n", f.heartbeat)
	fl := w.(http.Flusher)
	fl.Flush()
	var tick <-chan time.Time
	if f.autoHeartbeat {
		tk := time.NewTicker(time.Duration(f.heartbeat) * time.Millisecond)
		defer tk.Stop()
		tick = tk.C
	}
	for {
		select {
		case <-r.Context().Done():
			return
		case <-f.drop:
			return
		case ev := <-f.events:
			io.WriteString(w, ev)
			fl.Flush()
		case <-tick:
			io.WriteString(w, "event: heartbeat\ndata: {}\n\n")
			fl.Flush()
		}
	}
}

func (f *fake) jwks(w http.ResponseWriter, r *http.Request) {
	f.jwksFetches.Add(1)
	if s := f.jwksStatus.Load(); s != 0 {
		w.WriteHeader(int(s))
		return
	}
	f.mu.Lock()
	var keys []map[string]string
	for kid, pub := range f.keys {
		keys = append(keys, map[string]string{"kty": "OKP", "crv": "Ed25519", "x": base64.RawURLEncoding.EncodeToString(pub),
			"kid": kid, "use": "sig", "alg": "EdDSA"})
	}
	f.mu.Unlock()
	w.Header().Set("Content-Type", "application/json")
	json.NewEncoder(w).Encode(map[string]any{"keys": keys})
}

// send writes an event to the stream now connected.
func (f *fake) send(event, data string) {
	select {
	case f.events <- "event: " + event + "\ndata: " + data + "\n\n":
	case <-time.After(5 * time.Second):
		f.t.Fatalf("no stream took the %s event", event)
	}
}

// hangUp ends the stream now connected.
func (f *fake) hangUp() {
	select {
	case f.drop <- struct{}{}:
	case <-time.After(5 * time.Second):
		f.t.Fatal("no stream to hang up")
	}
}

// holdVerify makes verify wait for the returned release; entered hears of each call.
func (f *fake) holdVerify() (entered chan struct{}, release func()) {
	f.mu.Lock()
	defer f.mu.Unlock()
	f.gate, f.entered = make(chan struct{}), make(chan struct{}, 16)
	gate := f.gate
	return f.entered, func() {
		f.mu.Lock()
		f.gate, f.entered = nil, nil
		f.mu.Unlock()
		close(gate)
	}
}

// testClock is a clock tests move by hand.
type testClock struct {
	mu  sync.Mutex
	now time.Time
}

func newClock(t time.Time) *testClock { return &testClock{now: t} }

func (c *testClock) Now() time.Time {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.now
}

func (c *testClock) Add(d time.Duration) {
	c.mu.Lock()
	defer c.mu.Unlock()
	c.now = c.now.Add(d)
}

// newClient returns a client of f, closed with the test; edit changes its config.
func newClient(t testing.TB, f *fake, edit func(*Config)) *Client {
	t.Helper()
	cfg := Config{BaseURL: f.srv.URL + "/", Token: resourceToken, Logger: slog.New(slog.DiscardHandler)}
	if edit != nil {
		edit(&cfg)
	}
	c, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { c.Close() })
	return c
}

// connected returns a client of f once its events stream is live.
func connected(t testing.TB, f *fake, edit func(*Config)) *Client {
	t.Helper()
	c := newClient(t, f, edit)
	waitFor(t, "the stream to connect", func() bool { return c.Stats().StreamConnected })
	return c
}

// waitFor polls cond until it holds, failing the test after a generous deadline.
func waitFor(t testing.TB, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// get sends a request through h from ip with the given headers and returns the recorder.
func get(h http.Handler, ip string, headers ...string) *httptest.ResponseRecorder {
	r := httptest.NewRequest(http.MethodGet, "/resource", nil)
	r.RemoteAddr = ip + ":4711"
	if strings.Contains(ip, ":") {
		r.RemoteAddr = "[" + ip + "]:4711"
	}
	for i := 0; i+1 < len(headers); i += 2 {
		r.Header.Add(headers[i], headers[i+1])
	}
	w := httptest.NewRecorder()
	h.ServeHTTP(w, r)
	return w
}

// ok is a handler that answers 200 "ok" with the verdict's scope.
var ok = http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
	v, found := FromContext(r.Context())
	if !found {
		http.Error(w, "no verdict", http.StatusInternalServerError)
		return
	}
	io.WriteString(w, "ok "+v.Scope)
})

// signer signs JWT access tokens as Keyward does.
type signer struct {
	kid  string
	priv ed25519.PrivateKey
}

func newSigner(t testing.TB, f *fake, kid string) signer {
	pub, priv, err := ed25519.GenerateKey(rand.Reader)
	if err != nil {
		t.Fatal(err)
	}
	if f != nil {
		f.mu.Lock()
		f.keys[kid] = pub
		f.mu.Unlock()
	}
	return signer{kid, priv}
}

// sign makes a JWT with header h (alg EdDSA, typ JWT and the signer's kid when nil) and the
// claims; the signature is Ed25519 whatever the header says.
func (s signer) sign(h map[string]any, claims map[string]any) string {
	if h == nil {
		h = map[string]any{"alg": "EdDSA", "kid": s.kid, "typ": "JWT"}
	}
	hb, _ := json.Marshal(h)
	cb, _ := json.Marshal(claims)
	in := base64.RawURLEncoding.EncodeToString(hb) + "." + base64.RawURLEncoding.EncodeToString(cb)
	return in + "." + base64.RawURLEncoding.EncodeToString(ed25519.Sign(s.priv, []byte(in)))
}

// claims are an access token's claims issued at iat by the fake at base.
func claims(base string, iat time.Time) map[string]any {
	return map[string]any{"iss": base, "sub": "42", "jti": "jti-1", "iat": iat.Unix(), "exp": iat.Add(time.Hour).Unix(),
		"sid": "9", "role": "CUSTOMER", "permissions": []string{"transactions:read:own", "profile:read"}, "email": "c@example.com"}
}

var _ = netip.Addr{}
