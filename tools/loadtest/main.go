// Command loadtest measures Keyward's machine API as a client would: it starts the real
// binary (bin/keyward serve, on a fresh SQLite database), sets it up over GraphQL, and for
// each scenario alternates rounds of load from a separate process (bin/loadgen) against
// Keyward and against a bare net/http handler that answers the very same bytes. It prints
// each scenario's median ratio of the paired rounds' throughputs, and the p50 and p99
// latencies, against the targets. `make bench` runs it.
package main

import (
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strings"
	"sync/atomic"
	"time"

	"github.com/keyward/keyward/server/tokens"
)

// scenario is one kind of request, with the throughput ratio it must reach.
type scenario struct {
	name, method, path, body string
	headers                  []string
	status                   int
	target                   float64
	// tokens, when set, is a file of tokens sent one per request in turn (loadgen -tokens).
	tokens string
	// base, when set, is another Keyward to load (the one on Postgres).
	base string
	// skip is how far into its part of the tokens each connection starts (loadgen -skip).
	skip int
}

func main() {
	keyward := flag.String("keyward", "bin/keyward", "the Keyward binary")
	loadgen := flag.String("loadgen", "bin/loadgen", "the load generator binary")
	resource := flag.String("resourceserver", "bin/resourceserver", "the example resource server on Keyward's Go client (none skips its scenarios)")
	conns := flag.Int("c", 16, "keep-alive connections")
	dur := flag.Duration("d", 2*time.Second, "duration of each round")
	rounds := flag.Int("rounds", 6, "paired rounds per scenario")
	only := flag.String("only", "", "run only the scenarios whose name contains this")
	profile := flag.String("profile", "", "a folder: after each scenario's rounds, take a CPU profile of Keyward under the same load and save it there")
	pg := flag.String("postgres", "postgres://postgres@127.0.0.1:5432/postgres?sslmode=disable", "a Postgres server (any database) to make throwaway databases on for the Postgres scenarios; none skips them")
	memory := flag.Bool("memory", false, "instead, measure the memory of a Keyward on Postgres holding 100,000 cached identities with 1,000,000 tokens in the database")
	flag.Parse()
	if *memory {
		if err := measureMemory(*keyward, *loadgen, *pg, *conns); err != nil {
			fmt.Fprintln(os.Stderr, "loadtest:", err)
			os.Exit(1)
		}
		return
	}
	if err := run(*keyward, *loadgen, *resource, *conns, *dur, *rounds, *only, *profile, *pg); err != nil {
		fmt.Fprintln(os.Stderr, "loadtest:", err)
		os.Exit(1)
	}
}

// missTokens is how many tokens the cache-miss scenarios cycle through, against a cache of
// missCache entries: each request's token was last used missTokens requests ago, long
// evicted.
const (
	missTokens = 20_000
	missCache  = 1_000
)

func run(keyward, loadgen, resource string, conns int, dur time.Duration, rounds int, only, profile, pg string) error {
	dir, err := os.MkdirTemp("", "keyward-load")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	dbURL := "sqlite:" + filepath.Join(dir, "load.db")
	kw, err := startKeyward(keyward, dbURL, "--token-cache-size", fmt.Sprint(missCache))
	if err != nil {
		return err
	}
	defer kw.stop()
	base, pprofAddr := kw.base, kw.pprof
	good, gateway, admin, err := setUpSession(base)
	if err != nil {
		return err
	}
	access, err := signIn(base)
	if err != nil {
		return err
	}
	missFile := filepath.Join(dir, "sqlite-tokens.txt")
	if err := seedTokens(dbURL, missTokens, 0, missFile); err != nil {
		return fmt.Errorf("seed tokens: %w", err)
	}
	sec, err := tokens.NewSecret() // well formed, and no token's
	if err != nil {
		return err
	}
	unknown := string(sec)
	bad := good[:len(good)-1] + map[bool]string{true: "y", false: "x"}[good[len(good)-1] == 'x']

	scenarios := []scenario{
		{name: "whoami (cache hit)", method: "GET", path: "/api/v1/whoami", headers: []string{"X-Auth-Token: " + good}, status: 200, target: 0.90},
		{name: "verify (cache hit)", method: "POST", path: "/api/v1/verify", headers: []string{"Authorization: Bearer " + gateway},
			body: `{"token":"` + good + `","ip":"127.0.0.1","permission":"audit:read"}`, status: 200, target: 0.85},
		{name: "whoami (JWT access token of an API sign-in)", method: "GET", path: "/api/v1/whoami", headers: []string{"Authorization: Bearer " + access}, status: 200, target: 0.85},
		{name: "flood of unknown well-formed tokens", method: "GET", path: "/api/v1/whoami", headers: []string{"X-Auth-Token: " + unknown}, status: 401, target: 0.5},
		{name: "flood of bad-checksum tokens", method: "GET", path: "/api/v1/whoami", headers: []string{"X-Auth-Token: " + bad}, status: 401, target: 0.8},
		{name: "whoami (cache miss, SQLite)", method: "GET", path: "/api/v1/whoami", tokens: missFile, status: 200},
	}
	// The resource server on the Go client, its verdicts cached, against a bare handler
	// answering its bytes; then how soon it refuses revoked tokens.
	type lagRun struct {
		name      string
		admin     *session
		rs        string
		newReader func(string) (string, string, error)
	}
	var lagRuns []lagRun
	if resource != "none" {
		newReader, err := customerReaders(admin)
		if err != nil {
			return fmt.Errorf("resource server: %w", err)
		}
		rs, err := startResourceServer(resource, base, gateway)
		if err != nil {
			return err
		}
		defer rs.stop()
		caller, _, err := newReader("resource server load")
		if err != nil {
			return err
		}
		scenarios = append(scenarios, scenario{name: "resource server: client.Require (cached)", method: "GET", path: "/customers/1",
			headers: []string{"X-Auth-Token: " + caller}, status: 200, target: 0.80, base: rs.base})
		lagRuns = append(lagRuns, lagRun{"revocation lag (SQLite)", admin, rs.base, newReader})
	}
	if pg != "none" && (only == "" || strings.Contains("whoami (cache miss, Postgres)", only) || strings.Contains("revocation lag (Postgres, 2 replicas)", only)) {
		url, drop, err := throwawayPostgres(pg, "load")
		if err != nil {
			return err
		}
		defer drop()
		pk, err := startKeyward(keyward, url, "--token-cache-size", fmt.Sprint(missCache))
		if err != nil {
			return err
		}
		defer pk.stop()
		_, pgGateway, pgAdmin, err := setUpSession(pk.base)
		if err != nil {
			return err
		}
		if resource != "none" {
			// A second replica: the resource server follows it, revocations are made on the first.
			pk2, err := startKeyward(keyward, url)
			if err != nil {
				return err
			}
			defer pk2.stop()
			newReader, err := customerReaders(pgAdmin)
			if err != nil {
				return err
			}
			rs, err := startResourceServer(resource, pk2.base, pgGateway)
			if err != nil {
				return err
			}
			defer rs.stop()
			lagRuns = append(lagRuns, lagRun{"revocation lag (Postgres, 2 replicas)", pgAdmin, rs.base, newReader})
		}
		pgFile := filepath.Join(dir, "postgres-tokens.txt")
		if err := seedTokens(url, missTokens, 0, pgFile); err != nil {
			return fmt.Errorf("seed tokens on Postgres: %w", err)
		}
		scenarios = append(scenarios, scenario{name: "whoami (cache miss, Postgres)", method: "GET", path: "/api/v1/whoami", tokens: pgFile, status: 200, base: pk.base})
	}
	var answer atomic.Pointer[recorded]
	bare, err := serveBare(&answer)
	if err != nil {
		return err
	}
	fmt.Printf("Keyward (bin/keyward serve, SQLite) against a bare net/http handler answering the same bytes;\nload from bin/loadgen, %d connections, %d paired rounds of %s.\n\n", conns, rounds, dur)
	failed := false
	for _, sc := range scenarios {
		if only != "" && !strings.Contains(sc.name, only) {
			continue
		}
		base := base
		if sc.base != "" {
			base = sc.base
		}
		rec, err := record(base, sc)
		if err != nil {
			return fmt.Errorf("%s: %w", sc.name, err)
		}
		answer.Store(rec)
		gen := func(url string) (*result, error) { return generate(loadgen, url, sc, conns, dur) }
		if _, err := gen(bare + sc.path); err != nil { // warm up both
			return err
		}
		if _, err := gen(base + sc.path); err != nil {
			return err
		}
		var ratios, p99s []float64
		var kw, bw []*result
		for range rounds {
			b, err := gen(bare + sc.path)
			if err != nil {
				return err
			}
			k, err := gen(base + sc.path)
			if err != nil {
				return err
			}
			ratios, p99s = append(ratios, k.RPS/b.RPS), append(p99s, k.P99/max(b.P99, 1))
			kw, bw = append(kw, k), append(bw, b)
		}
		m := median(ratios)
		verdict := fmt.Sprintf("meets the %.2fx target", sc.target)
		switch {
		case sc.target == 0:
			verdict = "no target: reported"
		case m < sc.target:
			verdict, failed = fmt.Sprintf("BELOW the %.2fx target", sc.target), true
		}
		fmt.Printf("%-38s ratio %.3f (rounds %.3f–%.3f; %s)\n", sc.name, m, slices.Min(ratios), slices.Max(ratios), verdict)
		fmt.Printf("%-38s keyward %7.0f req/s p50 %4.0f µs p99 %5.0f µs | bare %7.0f req/s p50 %4.0f µs p99 %5.0f µs | p99 ratio %.2f\n\n", "",
			medianOf(kw, rps), medianOf(kw, p50), medianOf(kw, p99), medianOf(bw, rps), medianOf(bw, p50), medianOf(bw, p99), median(p99s))
		if profile != "" && sc.base == "" {
			if err := profileUnderLoad(profile, pprofAddr, sc, func(d time.Duration) error {
				_, err := generate(loadgen, base+sc.path, sc, conns, d)
				return err
			}); err != nil {
				return fmt.Errorf("%s: profile: %w", sc.name, err)
			}
		}
	}
	for _, lr := range lagRuns {
		if only != "" && !strings.Contains(lr.name, only) {
			continue
		}
		lags, err := revocationLag(lr.admin, lr.rs, lr.newReader)
		if err != nil {
			return fmt.Errorf("%s: %w", lr.name, err)
		}
		if !printLag(lr.name, lags) {
			failed = true
		}
	}
	if failed {
		fmt.Println("Some scenarios are below their targets.")
	}
	return nil
}

// profileUnderLoad takes a 4-second CPU profile of Keyward while load runs against it, saves
// it in dir and prints its top entries.
func profileUnderLoad(dir, pprofAddr string, sc scenario, load func(time.Duration) error) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	errc := make(chan error, 1)
	go func() { errc <- load(6 * time.Second) }()
	time.Sleep(time.Second)
	res, err := http.Get("http://" + pprofAddr + "/debug/pprof/profile?seconds=4")
	if err != nil {
		return err
	}
	defer res.Body.Close()
	file := filepath.Join(dir, strings.Map(func(r rune) rune {
		if r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
			return r
		}
		return '-'
	}, sc.name)+".pprof")
	f, err := os.Create(file)
	if err != nil {
		return err
	}
	if _, err := io.Copy(f, res.Body); err != nil {
		f.Close()
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	if err := <-errc; err != nil {
		return err
	}
	out, err := exec.Command("go", "tool", "pprof", "-top", "-nodecount=25", file).CombinedOutput()
	if err != nil {
		return fmt.Errorf("go tool pprof: %v: %s", err, out)
	}
	fmt.Printf("CPU profile of Keyward under this load (%s):\n%s\n", file, out)
	return nil
}

type result struct {
	Requests int     `json:"requests"`
	Errors   int     `json:"errors"`
	RPS      float64 `json:"rps"`
	P50      float64 `json:"p50_us"`
	P99      float64 `json:"p99_us"`
}

func rps(r *result) float64 { return r.RPS }
func p50(r *result) float64 { return r.P50 }
func p99(r *result) float64 { return r.P99 }

func medianOf(rs []*result, f func(*result) float64) float64 {
	v := make([]float64, len(rs))
	for i, r := range rs {
		v[i] = f(r)
	}
	return median(v)
}

// median of the paired rounds: a round that something else on the machine disturbed moves a
// mean, not a median.
func median(v []float64) float64 {
	v = slices.Clone(v)
	slices.Sort(v)
	if len(v)%2 == 1 {
		return v[len(v)/2]
	}
	return (v[len(v)/2-1] + v[len(v)/2]) / 2
}

func generate(loadgen, url string, sc scenario, conns int, dur time.Duration) (*result, error) {
	args := []string{"-url", url, "-method", sc.method, "-c", fmt.Sprint(conns), "-d", dur.String(), "-status", fmt.Sprint(sc.status)}
	for _, h := range sc.headers {
		args = append(args, "-H", h)
	}
	if sc.body != "" {
		args = append(args, "-body", sc.body)
	}
	if sc.tokens != "" {
		args = append(args, "-tokens", sc.tokens, "-skip", fmt.Sprint(sc.skip))
	}
	var out, errOut bytes.Buffer
	cmd := exec.Command(loadgen, args...)
	cmd.Stdout, cmd.Stderr = &out, &errOut
	if err := cmd.Run(); err != nil {
		return nil, fmt.Errorf("%s: %v: %s", loadgen, err, errOut.String())
	}
	var r result
	if err := json.Unmarshal(out.Bytes(), &r); err != nil {
		return nil, err
	}
	if r.Errors > 0 {
		fmt.Fprintf(os.Stderr, "%s: %d failed requests\n", url, r.Errors)
	}
	return &r, nil
}

// recorded is an answer to replay: the bare handler sends exactly these bytes.
type recorded struct {
	status int
	header http.Header
	body   []byte
}

func record(base string, sc scenario) (*recorded, error) {
	req, _ := http.NewRequest(sc.method, base+sc.path, strings.NewReader(sc.body))
	for _, h := range sc.headers {
		k, v, _ := strings.Cut(h, ": ")
		req.Header.Set(k, v)
	}
	if sc.tokens != "" {
		b, err := os.ReadFile(sc.tokens)
		if err != nil {
			return nil, err
		}
		first, _, _ := strings.Cut(string(b), "\n")
		req.Header.Set("X-Auth-Token", first)
	}
	if sc.body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		return nil, err
	}
	defer res.Body.Close()
	body, err := io.ReadAll(res.Body)
	if err != nil {
		return nil, err
	}
	if res.StatusCode != sc.status {
		return nil, fmt.Errorf("answered %d, want %d: %s", res.StatusCode, sc.status, body)
	}
	h := res.Header.Clone()
	h.Del("Date")
	h.Del("Content-Length")
	return &recorded{status: res.StatusCode, header: h, body: body}, nil
}

func serveBare(answer *atomic.Pointer[recorded]) (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		a := answer.Load()
		_, _ = io.Copy(io.Discard, r.Body)
		for k, v := range a.header {
			w.Header()[k] = v
		}
		w.WriteHeader(a.status)
		_, _ = w.Write(a.body)
	})
	go func() { _ = (&http.Server{Handler: h, ReadHeaderTimeout: 5 * time.Second}).Serve(ln) }()
	return "http://" + ln.Addr().String(), nil
}

func freeAddr() (string, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return "", err
	}
	defer ln.Close()
	return ln.Addr().String(), nil
}

func waitReady(base string) error {
	deadline := time.Now().Add(30 * time.Second)
	for time.Now().Before(deadline) {
		if res, err := http.Get(base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return nil
			}
		}
		time.Sleep(100 * time.Millisecond)
	}
	return fmt.Errorf("keyward at %s did not become ready", base)
}

// setUp creates the administrator and the tokens the scenarios use: an Auditor token
// whitelisted for 127.0.0.1, and a resource server's token holding tokens:verify.
func setUp(base string) (good, gateway string, err error) {
	good, gateway, _, err = setUpSession(base)
	return good, gateway, err
}

// session is the administrator's console session, speaking GraphQL.
type session struct {
	base string
	c    *http.Client
}

func (s *session) do(query string, vars map[string]any, out any) error {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	res, err := s.c.Post(s.base+"/graphql", "application/json", bytes.NewReader(b))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var r struct {
		Data   json.RawMessage
		Errors []struct{ Message string }
	}
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		return err
	}
	if len(r.Errors) > 0 {
		return fmt.Errorf("graphql: %s", r.Errors[0].Message)
	}
	return json.Unmarshal(r.Data, out)
}

// setUpSession is setUp, also returning the administrator's session.
func setUpSession(base string) (good, gateway string, s *session, err error) {
	jar, _ := cookiejar.New(nil)
	s = &session{base: base, c: &http.Client{Jar: jar}}
	do := s.do
	if err := do(`mutation{ setup(email:"load@example.com", name:"Load Test", password:"correct horse battery staple"){ id } }`, nil, &struct{}{}); err != nil {
		return "", "", nil, err
	}
	var role struct{ CreateRole struct{ ID string } }
	if err := do(`mutation{ createRole(input:{name:"Resource server", permissions:["tokens:verify"]}){ id } }`, nil, &role); err != nil {
		return "", "", nil, err
	}
	var roles struct{ Roles []struct{ ID, Name string } }
	if err := do(`{ roles { id name } }`, nil, &roles); err != nil {
		return "", "", nil, err
	}
	auditor := ""
	for _, r := range roles.Roles {
		if r.Name == "Auditor" {
			auditor = r.ID
		}
	}
	create := func(name, roleID string, whitelist []string) (string, error) {
		var out struct{ CreateToken struct{ Secret string } }
		err := do(`mutation($i:CreateTokenInput!){ createToken(input:$i){ secret } }`,
			map[string]any{"i": map[string]any{"name": name, "roleId": roleID, "whitelist": whitelist}}, &out)
		return out.CreateToken.Secret, err
	}
	if good, err = create("load", auditor, []string{"127.0.0.1", "10.0.0.0/8", "2001:db8::/32"}); err != nil {
		return "", "", nil, err
	}
	gateway, err = create("gateway", role.CreateRole.ID, nil)
	return good, gateway, s, err
}

// signIn logs the administrator in over the API and returns the access token (a JWT).
func signIn(base string) (string, error) {
	res, err := http.Post(base+"/api/v1/auth/login", "application/json",
		strings.NewReader(`{"email":"load@example.com","password":"correct horse battery staple"}`))
	if err != nil {
		return "", err
	}
	defer res.Body.Close()
	var g struct {
		AccessToken string `json:"access_token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&g); err != nil || res.StatusCode != 200 {
		return "", fmt.Errorf("api login: %d %v", res.StatusCode, err)
	}
	return g.AccessToken, nil
}
