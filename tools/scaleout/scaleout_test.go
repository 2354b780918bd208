//go:build linux

// Package scaleout tests Keyward as it runs scaled out: three replicas of the real binary on
// one Postgres database behind Debian's nginx, one of them killed with SIGKILL under load.
// It checks what the README promises of replicas: sessions, jobs and data are shared, a
// crash costs only the requests in flight to the dead replica, River's leadership (and with
// it the expiry-reminder scan) moves to a survivor, and a revocation is refused everywhere
// within a second.
package scaleout

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"math/rand/v2"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/jackc/pgx/v5"
	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/mail/mailtest"
)

func TestMain(m *testing.M) { dbtest.Main(m) }

const (
	adminEmail    = "admin@example.com"
	adminPassword = "correct horse battery staple"
	// secretKey seals the signing keys; every replica needs the same.
	secretKey = "a2V5d2FyZC10ZXN0cy1zZWNyZXQta2V5LTMyYnl0ZXM="
	// proxyIP is the address nginx connects to the replicas from (proxy_bind), the only
	// trusted proxy; clientIP is the address the load connects to nginx from. Both are
	// loopback addresses, so the test needs no network of its own.
	proxyIP  = "127.0.0.2"
	clientIP = "127.0.0.3"
	// loadClients is how many clients send requests through nginx at once, each one
	// request at a time: it bounds the requests in flight when a replica dies.
	loadClients = 6
	// settle is how long after the kill a request may still fail: nginx hears of the dead
	// replica from its first failed request (max_fails=1) and sends it nothing more.
	settle = time.Second
	// refusalBound is how soon a revocation must be refused by every replica.
	refusalBound = time.Second
)

// TestReplicasBehindNginx kills the leading replica of three under mixed load through nginx.
func TestReplicasBehindNginx(t *testing.T) {
	began := time.Now()
	nginx := nginxBinary(t)
	requirePostgres(t)
	bin := buildKeyward(t)
	t.Logf("keyward built in %s", time.Since(began).Round(time.Millisecond))

	ctx := context.Background()
	dbURL := dbtest.URL(t, db.Postgres)
	pg, err := pgx.Connect(ctx, dbURL)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { pg.Close(ctx) })
	smtp, err := mailtest.Start("127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { smtp.Close() })

	nginxAddr := freeAddr(t, "127.0.0.1")
	front := "http://" + nginxAddr
	env := replicaEnv{bin: bin, dbURL: dbURL, smtpURL: smtp.URL(), baseURL: front}
	addrs := []string{freeAddr(t, "127.0.0.1"), freeAddr(t, "127.0.0.1"), freeAddr(t, "127.0.0.1")}

	// Replica 1 alone: the first administrator, the tokens of the load, and tokens that ask
	// for expiry reminders (batch A).
	r1 := startReplica(t, env, "replica-1", addrs[0])
	direct := newClient(nil)
	direct.mustGQL(t, r1.base, `mutation($e:String!,$p:String!){ setup(email:$e, name:"Ada Admin", password:$p){ id } }`,
		map[string]any{"e": adminEmail, "p": adminPassword}, nil)
	var roles struct{ Roles []struct{ ID, Name string } }
	direct.mustGQL(t, r1.base, `{ roles { id name } }`, nil, &roles)
	roleID := map[string]string{}
	for _, r := range roles.Roles {
		roleID[r.Name] = r.ID
	}
	auditor, administrator := roleID["Auditor"], roleID["Administrator"]
	if auditor == "" || administrator == "" {
		t.Fatalf("roles: %v", roles.Roles)
	}
	loadToken := direct.createToken(t, r1.base, "load", auditor, false)
	gateway := direct.createToken(t, r1.base, "gateway", administrator, false)
	reminded := map[string]string{} // token id → name, of every token that asked for reminders
	var batchA, batchB []string
	for i := range 4 {
		tok := direct.createToken(t, r1.base, fmt.Sprintf("remind-a%d", i), auditor, true)
		reminded[tok.id], batchA = tok.name, append(batchA, tok.name)
	}

	// Replica 1 restarts; alone, it is River's leader, and the scan it runs on becoming
	// leader reminds batch A. Then the two other replicas join.
	r1.stop(t)
	waitFor(t, 20*time.Second, "the stopped replica to resign River's leadership", func() (bool, string) {
		l, _ := leader(ctx, pg)
		return l.id == "", "leader " + l.id
	})
	r1 = startReplica(t, env, "replica-1", addrs[0])
	var first leadership
	waitFor(t, 20*time.Second, "replica 1 to lead", func() (bool, string) {
		first, err = leader(ctx, pg)
		return first.id != "", fmt.Sprint(err)
	})
	waitFor(t, 20*time.Second, "batch A's reminders", func() (bool, string) {
		got := remindersByToken(smtp.Messages())
		for _, n := range batchA {
			if got[n] == 0 {
				return false, fmt.Sprint(got)
			}
		}
		return true, ""
	})
	// The others join once replica 1 leads (replicas may start together: db/migrate_test.go
	// tests that; here the leader must be known).
	r2 := startReplica(t, env, "replica-2", addrs[1])
	r3 := startReplica(t, env, "replica-3", addrs[2])
	replicas := []*replica{r1, r2, r3}
	if l, _ := leader(ctx, pg); l.id != first.id {
		t.Fatalf("leadership moved before the kill: %q, then %q", first.id, l.id)
	}
	startNginx(t, nginx, nginxAddr, addrs)

	// The console signs in through nginx; every replica knows the session.
	console := newClient(nil)
	var login struct {
		Login struct{ User *struct{ Email string } }
	}
	console.mustGQL(t, front, `mutation($e:String!,$p:String!){ login(email:$e, password:$p){ user { email } } }`,
		map[string]any{"e": adminEmail, "p": adminPassword}, &login)
	if login.Login.User == nil || login.Login.User.Email != adminEmail {
		t.Fatalf("login through nginx: %+v", login)
	}
	for _, r := range replicas {
		var me struct{ Me *struct{ Email string } }
		console.mustGQL(t, r.base, `{ me { email } }`, nil, &me)
		if me.Me == nil || me.Me.Email != adminEmail {
			t.Fatalf("%s does not know the session signed in through nginx: %+v", r.name, me)
		}
	}
	// Through nginx, whoami answers the client's address: nginx is the trusted proxy, and
	// a hop the client made up is not believed.
	probe := newClient(localAddr(clientIP))
	if st, body := probe.whoami(t, front, loadToken.secret, "198.51.100.7"); st != 200 || body.IP != clientIP {
		t.Fatalf("whoami through nginx: %d, ip %q, want %s", st, body.IP, clientIP)
	}

	// Revocations with three replicas: through each one, refused by all.
	refusals := map[string][]time.Duration{}
	for _, via := range replicas {
		for name, d := range revoke(t, console, via, replicas, auditor) {
			refusals[name] = append(refusals[name], d)
		}
	}

	// Batch B asks for reminders while replica 1 leads: it scans again only in an hour, so
	// these reminders are the next leader's.
	for i := range 4 {
		tok := console.createToken(t, front, fmt.Sprintf("remind-b%d", i), auditor, true)
		reminded[tok.id], batchB = tok.name, append(batchB, tok.name)
	}

	// Mixed load through nginx; replica 1, the leader, is killed under it.
	ld := startLoad(front, loadToken.secret, gateway.secret, console.jar)
	waitFor(t, 10*time.Second, "load to reach every replica", func() (bool, string) {
		served := ld.servedBy()
		return time.Since(ld.began) >= 2*time.Second && served[addrs[0]] > 0 && served[addrs[1]] > 0 && served[addrs[2]] > 0, fmt.Sprint(served)
	})
	got := remindersByToken(smtp.Messages())
	for _, n := range batchB {
		if got[n] != 0 {
			t.Fatalf("batch B was reminded before the kill: %v", got)
		}
	}
	scansBefore := count(t, pg, `SELECT count(*) FROM river_job WHERE kind = 'expiry_scan'`)
	before, _ := leader(ctx, pg)
	if before.id != first.id {
		t.Fatalf("leadership moved before the kill: %q, then %q", first.id, before.id)
	}
	killed := time.Now()
	r1.kill()

	// Revocations with the survivors, under the same load.
	for _, via := range []*replica{r2, r3} {
		for name, d := range revoke(t, console, via, []*replica{r2, r3}, auditor) {
			refusals[name] = append(refusals[name], d)
		}
	}
	time.Sleep(time.Until(killed.Add(3 * time.Second))) // the load goes on for 3 s after the kill
	results := ld.stop()

	// Only the requests in flight to the killed replica fail, and nothing after nginx has
	// marked it down; sessions carry on through the survivors.
	var failed []result
	retried, graphqlAfter := 0, 0
	for _, r := range results {
		if strings.Contains(r.upstream, ",") {
			retried++
		}
		if r.ok && r.kind == "graphql" && r.start.After(killed.Add(settle)) {
			graphqlAfter++
		}
		if !r.ok {
			failed = append(failed, r)
		}
	}
	for _, f := range failed {
		t.Logf("failed: %s started %+dms from the kill, %dms long, status %d, upstream %q: %s",
			f.kind, f.start.Sub(killed).Milliseconds(), f.end.Sub(f.start).Milliseconds(), f.status, f.upstream, f.err)
		if !f.end.After(killed) || f.start.After(killed.Add(settle)) || lastHop(f.upstream) != addrs[0] {
			t.Errorf("a %s request failed that was not in flight to the killed replica when it died", f.kind)
		}
		if f.kind == "whoami" {
			t.Error("a whoami (GET, idempotent) failed: nginx should have sent it to another replica")
		}
	}
	if len(failed) > loadClients {
		t.Errorf("%d requests failed; at most %d (one per client) were in flight to the killed replica", len(failed), loadClients)
	}
	if graphqlAfter == 0 {
		t.Error("no console request succeeded after the kill: the session did not carry on")
	}
	nameOf := map[string]string{}
	for _, r := range replicas {
		nameOf[r.addr] = r.name
	}
	servedBefore, servedAfter := map[string]int{}, map[string]int{}
	for _, r := range results {
		switch {
		case r.ok && r.end.Before(killed):
			servedBefore[nameOf[lastHop(r.upstream)]]++
		case r.ok && r.start.After(killed.Add(settle)):
			servedAfter[nameOf[lastHop(r.upstream)]]++
		}
	}
	if servedAfter[r1.name] > 0 || servedAfter[r2.name] == 0 || servedAfter[r3.name] == 0 {
		t.Errorf("after the kill, requests served by replica: %v", servedAfter)
	}
	var me struct{ Me *struct{ Email string } }
	console.mustGQL(t, front, `{ me { email } }`, nil, &me)
	if me.Me == nil || me.Me.Email != adminEmail {
		t.Errorf("the session ended with the killed replica: %+v", me)
	}

	// River's leadership moves to a survivor once replica 1's lease expires, and the scan the
	// new leader runs reminds batch B, and nobody twice.
	var next leadership
	waitFor(t, 40*time.Second, "a surviving replica to lead", func() (bool, string) {
		next, err = leader(ctx, pg)
		return next.id != "" && next.id != first.id, fmt.Sprint(next.id, err)
	})
	moved := time.Since(killed)
	waitFor(t, 20*time.Second, "every reminder to be sent", func() (bool, string) {
		var scans, pending int
		if err := pg.QueryRow(ctx, `SELECT count(*) FILTER (WHERE kind = 'expiry_scan'),
			count(*) FILTER (WHERE state NOT IN ('completed', 'cancelled', 'discarded'))
			FROM river_job WHERE kind = 'expiry_scan' OR (kind = 'email' AND args->>'type' = 'expiry_reminder')`).Scan(&scans, &pending); err != nil {
			return false, err.Error()
		}
		got := remindersByToken(smtp.Messages())
		for _, n := range batchB {
			if got[n] == 0 {
				return false, fmt.Sprintf("%d scans, %d jobs pending, reminders %v", scans, pending, got)
			}
		}
		return scans > scansBefore && pending == 0, fmt.Sprintf("%d scans, %d jobs pending", scans, pending)
	})
	jobs := map[string]int{}
	rows, err := pg.Query(ctx, `SELECT args->>'id', count(*) FROM river_job WHERE kind = 'email' AND args->>'type' = 'expiry_reminder' GROUP BY 1`)
	if err != nil {
		t.Fatal(err)
	}
	for rows.Next() {
		var id string
		var n int
		if err := rows.Scan(&id, &n); err != nil {
			t.Fatal(err)
		}
		jobs[reminded[id]] += n
	}
	if err := rows.Err(); err != nil {
		t.Fatal(err)
	}
	// A token is reminded once a day (UTC): a run across midnight may remind batch A again.
	days := 1
	if time.Now().UTC().Format(time.DateOnly) != began.UTC().Format(time.DateOnly) {
		days = 2
	}
	mails := remindersByToken(smtp.Messages())
	for _, n := range append(slices.Clone(batchA), batchB...) {
		if mails[n] < 1 || mails[n] > days || jobs[n] != mails[n] {
			t.Errorf("%s: %d reminders sent, %d queued; want one", n, mails[n], jobs[n])
		}
	}
	if len(mails) != len(batchA)+len(batchB) {
		t.Errorf("reminders for %v, want batch A %v and batch B %v", mails, batchA, batchB)
	}

	byKind := map[string]int{}
	for _, r := range results {
		byKind[r.kind]++
	}
	t.Logf("load: %d requests through nginx from %d clients in %s (%v), %d failed (bound %d, one per client), %d rescued by proxy_next_upstream",
		len(results), loadClients, ld.elapsed.Round(time.Millisecond), byKind, len(failed), loadClients, retried)
	t.Logf("served before the kill %v, from %s after it %v", servedBefore, settle, servedAfter)
	t.Logf("leadership: replica 1's lease had %s left at the kill; a survivor led %s after it", before.left.Round(time.Millisecond), moved.Round(time.Millisecond))
	for _, name := range []string{"replica-1", "replica-2", "replica-3"} {
		t.Logf("revocation refused by %s after %v", name, refusals[name])
	}
	t.Logf("reminders: %d tokens, one email each (batch A before the move, batch B after); whole test %s",
		len(mails), time.Since(began).Round(time.Millisecond))
}

// revoke creates a token through via, has every replica of watch verify it (so each holds it
// in its cache), revokes it through via and measures, from the revocation's request, how
// long each replica of watch took to refuse it.
func revoke(t *testing.T, c *client, via *replica, watch []*replica, roleID string) map[string]time.Duration {
	t.Helper()
	tok := c.createToken(t, via.base, "revoke-via-"+via.name+"-"+fmt.Sprint(time.Now().UnixNano()), roleID, false)
	for _, r := range watch {
		for range 2 {
			if st, _ := c.whoami(t, r.base, tok.secret, ""); st != 200 {
				t.Fatalf("%s: whoami of a fresh token: %d", r.name, st)
			}
		}
	}
	asked := time.Now()
	c.mustGQL(t, via.base, `mutation($id:ID!){ revokeToken(id:$id){ status } }`, map[string]any{"id": tok.id}, nil)
	out := map[string]time.Duration{}
	var mu sync.Mutex
	var wg sync.WaitGroup
	for _, r := range watch {
		wg.Go(func() {
			poll := newClient(nil)
			for {
				st, _ := poll.whoami(t, r.base, tok.secret, "")
				if st == http.StatusUnauthorized {
					mu.Lock()
					out[r.name] = time.Since(asked).Round(100 * time.Microsecond)
					mu.Unlock()
					return
				}
				if st != 200 || time.Since(asked) > 5*time.Second {
					t.Errorf("%s: whoami of a token revoked through %s answers %d after %s", r.name, via.name, st, time.Since(asked))
					return
				}
				time.Sleep(2 * time.Millisecond)
			}
		})
	}
	wg.Wait()
	for name, d := range out {
		if d > refusalBound {
			t.Errorf("%s refused a token revoked through %s after %s, more than %s", name, via.name, d, refusalBound)
		}
	}
	return out
}

// ciRun reports whether the test runs in CI, where a missing service is a failure.
func ciRun() bool {
	v := os.Getenv("CI")
	return v != "" && v != "0" && v != "false"
}

// unavailable fails the test in CI and skips it elsewhere.
func unavailable(t *testing.T, format string, args ...any) {
	t.Helper()
	if ciRun() {
		t.Fatalf(format+" (CI is set: .ci/run installs it)", args...)
	}
	t.Skipf(format+" (the test runs when it is there, and must in CI)", args...)
}

func nginxBinary(t *testing.T) string {
	t.Helper()
	if _, err := os.Stat("/usr/sbin/nginx"); err == nil {
		return "/usr/sbin/nginx"
	}
	if p, err := exec.LookPath("nginx"); err == nil {
		return p
	}
	unavailable(t, "nginx is not installed (apt-get install nginx)")
	return ""
}

func requirePostgres(t *testing.T) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
	defer cancel()
	conn, err := pgx.Connect(ctx, dbtest.PostgresURL())
	if err != nil {
		unavailable(t, "Postgres is unreachable at %s: %v", dbtest.PostgresURL(), err)
		return
	}
	conn.Close(ctx)
}

// buildKeyward builds the keyward command as the Makefile does, into a temporary directory.
func buildKeyward(t *testing.T) string {
	t.Helper()
	goBin, err := exec.LookPath("go")
	if err != nil {
		t.Fatalf("the go command is needed to build keyward: %v", err)
	}
	root, err := filepath.Abs(filepath.Join("..", ".."))
	if err != nil {
		t.Fatal(err)
	}
	out := filepath.Join(t.TempDir(), "keyward")
	// The same flags as go test's builds, so that the packages it compiled are reused.
	cmd := exec.Command(goBin, "build", "-o", out, "./server")
	cmd.Dir = root
	cmd.Env = append(os.Environ(), "CGO_ENABLED=0")
	if b, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build ./server: %v\n%s", err, b)
	}
	return out
}

// freeAddr returns an address on ip with a port nobody listens on, chosen below Linux's
// ephemeral range (32768 and up): a port is used a while after it is chosen, and meanwhile
// no outgoing connection of another test can take it.
func freeAddr(t *testing.T, ip string) string {
	t.Helper()
	for range 100 {
		addr := net.JoinHostPort(ip, strconv.Itoa(20000+rand.IntN(12000)))
		if ln, err := net.Listen("tcp", addr); err == nil {
			ln.Close()
			return addr
		}
	}
	t.Fatalf("no free port on %s", ip)
	return ""
}

// logBuffer collects a process's output for the failure report.
type logBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (l *logBuffer) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.b.Write(p)
}

func (l *logBuffer) tail(n int) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	s := l.b.String()
	if len(s) > n {
		s = "…" + s[len(s)-n:]
	}
	return s
}

type replicaEnv struct{ bin, dbURL, smtpURL, baseURL string }

// replica is one `keyward serve` process.
type replica struct {
	name, addr, base string
	cmd              *exec.Cmd
	log              *logBuffer
	exited           chan struct{}
}

// startReplica starts a replica and waits until it is ready.
func startReplica(t *testing.T, env replicaEnv, name, addr string) *replica {
	t.Helper()
	r := &replica{name: name, addr: addr, base: "http://" + addr, log: &logBuffer{}, exited: make(chan struct{})}
	r.cmd = exec.Command(env.bin, "serve")
	r.cmd.Env = append(os.Environ(),
		"KEYWARD_ADDR="+addr,
		"KEYWARD_DATABASE_URL="+env.dbURL,
		"KEYWARD_BASE_URL="+env.baseURL,
		"KEYWARD_SMTP_URL="+env.smtpURL,
		"KEYWARD_TRUSTED_PROXIES="+proxyIP,
		"KEYWARD_SECRET_KEY="+secretKey,
	)
	r.cmd.Stdout, r.cmd.Stderr = r.log, r.log
	// The replica dies with the test binary, should the test time out.
	r.cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := r.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		_ = r.cmd.Wait()
		close(r.exited)
	}()
	t.Cleanup(func() {
		r.kill()
		if t.Failed() {
			t.Logf("%s log:\n%s", r.name, r.log.tail(4000))
		}
	})
	deadline := time.Now().Add(30 * time.Second)
	for {
		select {
		case <-r.exited:
			t.Fatalf("%s exited at start:\n%s", r.name, r.log.tail(4000))
		default:
		}
		if res, err := http.Get(r.base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return r
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("%s not ready after 30 s:\n%s", r.name, r.log.tail(4000))
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill ends the replica with SIGKILL, as a crash or the OOM killer would.
func (r *replica) kill() {
	_ = r.cmd.Process.Kill()
	<-r.exited
}

// stop ends the replica gracefully (SIGTERM), as a rolling restart does.
func (r *replica) stop(t *testing.T) {
	t.Helper()
	_ = r.cmd.Process.Signal(syscall.SIGTERM)
	select {
	case <-r.exited:
	case <-time.After(30 * time.Second):
		t.Fatalf("%s did not stop within 30 s of SIGTERM:\n%s", r.name, r.log.tail(4000))
	}
}

// nginxConf is a whole nginx configuration for the test: one process in the foreground,
// everything it writes in its own directory.
const nginxConf = `daemon off;
master_process off;
worker_processes 1;
pid {{dir}}/nginx.pid;
error_log {{dir}}/error.log warn;
events { worker_connections 1024; }
http {
	access_log off;
	client_body_temp_path {{dir}}/client_body;
	proxy_temp_path {{dir}}/proxy;
	fastcgi_temp_path {{dir}}/fastcgi;
	uwsgi_temp_path {{dir}}/uwsgi;
	scgi_temp_path {{dir}}/scgi;

	upstream keyward {
		# One failure takes a replica out of the rotation for 30 s (then one request
		# probes it again).
{{servers}}
		keepalive 16;
	}
	server {
		listen {{listen}};
		location / {
			proxy_pass http://keyward;
			proxy_http_version 1.1;
			proxy_set_header Connection "";
			proxy_set_header Host $http_host;
			proxy_set_header X-Forwarded-For $proxy_add_x_forwarded_for;
			proxy_set_header X-Forwarded-Proto $scheme;
			# The address the replicas see, and trust (KEYWARD_TRUSTED_PROXIES).
			proxy_bind {{proxy}};
			proxy_connect_timeout 2s;
			# Another replica is tried when one cannot be reached or fails to answer, for
			# idempotent requests only: without non_idempotent, a POST that reached a
			# replica is never sent again (a mutation must not run twice).
			proxy_next_upstream error timeout http_502 http_503 http_504;
			proxy_next_upstream_tries 3;
			proxy_next_upstream_timeout 10s;
			# Which replicas a request went to, for the test to count.
			add_header X-Keyward-Upstream $upstream_addr always;
		}
	}
}
`

func startNginx(t *testing.T, bin, listen string, upstreams []string) {
	t.Helper()
	dir := t.TempDir()
	var servers strings.Builder
	for _, u := range upstreams {
		fmt.Fprintf(&servers, "\t\tserver %s max_fails=1 fail_timeout=30s;\n", u)
	}
	conf := strings.NewReplacer("{{dir}}", dir, "{{servers}}", servers.String(), "{{listen}}", listen, "{{proxy}}", proxyIP).Replace(nginxConf)
	confPath := filepath.Join(dir, "nginx.conf")
	if err := os.WriteFile(confPath, []byte(conf), 0o600); err != nil {
		t.Fatal(err)
	}
	out := &logBuffer{}
	cmd := exec.Command(bin, "-p", dir, "-c", confPath, "-e", filepath.Join(dir, "error.log"))
	cmd.Stdout, cmd.Stderr = out, out
	cmd.SysProcAttr = &syscall.SysProcAttr{Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	exited := make(chan struct{})
	go func() {
		_ = cmd.Wait()
		close(exited)
	}()
	errorLog := func() string {
		b, _ := os.ReadFile(filepath.Join(dir, "error.log"))
		return out.tail(2000) + string(b)
	}
	t.Cleanup(func() {
		_ = cmd.Process.Signal(syscall.SIGTERM)
		select {
		case <-exited:
		case <-time.After(5 * time.Second):
			_ = cmd.Process.Kill()
			<-exited
		}
		if t.Failed() {
			t.Logf("nginx error log:\n%s", errorLog())
		}
	})
	waitFor(t, 10*time.Second, "nginx to answer", func() (bool, string) {
		select {
		case <-exited:
			t.Fatalf("nginx exited:\n%s", errorLog())
		default:
		}
		res, err := http.Get("http://" + listen + "/healthz")
		if err != nil {
			return false, err.Error()
		}
		res.Body.Close()
		return res.StatusCode == 200, res.Status
	})
}

// waitFor polls cond until it holds, failing the test after timeout with cond's last word.
func waitFor(t *testing.T, timeout time.Duration, what string, cond func() (bool, string)) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		ok, last := cond()
		if ok {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("waited %s for %s: %s", timeout, what, last)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// leadership is a row of River's leader table.
type leadership struct {
	id   string
	left time.Duration // until the lease expires
}

func leader(ctx context.Context, pg *pgx.Conn) (leadership, error) {
	var l leadership
	var left float64
	err := pg.QueryRow(ctx, `SELECT leader_id, extract(epoch FROM expires_at - now())::float8 FROM river_leader`).Scan(&l.id, &left)
	if err == pgx.ErrNoRows {
		return leadership{}, nil
	}
	l.left = time.Duration(left * float64(time.Second))
	return l, err
}

// count runs a query that counts.
func count(t *testing.T, pg *pgx.Conn, query string) int {
	t.Helper()
	var n int
	if err := pg.QueryRow(context.Background(), query).Scan(&n); err != nil {
		t.Fatalf("%s: %v", query, err)
	}
	return n
}

// remindersByToken counts the expiry reminders received, by token name.
func remindersByToken(msgs []mailtest.Message) map[string]int {
	out := map[string]int{}
	for _, m := range msgs {
		// Your API token "NAME" expires in N days
		if !strings.HasPrefix(m.Subject, "Your API token ") || !strings.Contains(m.Subject, " expires ") {
			continue
		}
		parts := strings.Split(m.Subject, `"`)
		if len(parts) >= 3 {
			out[parts[1]]++
		}
	}
	return out
}

func lastHop(upstream string) string {
	hops := strings.Split(upstream, ",")
	return strings.TrimSpace(hops[len(hops)-1])
}

func localAddr(ip string) *net.TCPAddr { return &net.TCPAddr{IP: net.ParseIP(ip)} }

// client is an HTTP client with its own connections (from local, when set) and cookies.
type client struct {
	http *http.Client
	jar  http.CookieJar
}

func newClient(local *net.TCPAddr) *client {
	jar, _ := cookiejar.New(nil)
	return newClientWithJar(local, jar)
}

func newClientWithJar(local *net.TCPAddr, jar http.CookieJar) *client {
	dialer := &net.Dialer{LocalAddr: local, Timeout: 5 * time.Second}
	tr := &http.Transport{DialContext: dialer.DialContext, MaxIdleConnsPerHost: 4, IdleConnTimeout: 30 * time.Second}
	return &client{http: &http.Client{Jar: jar, Transport: tr, Timeout: 15 * time.Second}, jar: jar}
}

type gqlResponse struct {
	Data   json.RawMessage
	Errors []struct{ Message string }
}

func (c *client) gql(base, query string, vars map[string]any, out any) error {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	res, err := c.http.Post(base+"/graphql", "application/json", bytes.NewReader(b))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var r gqlResponse
	if err := json.NewDecoder(res.Body).Decode(&r); err != nil {
		return fmt.Errorf("graphql: status %d: %w", res.StatusCode, err)
	}
	if len(r.Errors) > 0 {
		return fmt.Errorf("graphql: %s", r.Errors[0].Message)
	}
	if out == nil {
		return nil
	}
	return json.Unmarshal(r.Data, out)
}

func (c *client) mustGQL(t *testing.T, base, query string, vars map[string]any, out any) {
	t.Helper()
	if err := c.gql(base, query, vars, out); err != nil {
		t.Fatalf("%s: %s: %v", base, strings.Join(strings.Fields(query), " "), err)
	}
}

type token struct{ id, name, secret string }

// createToken issues a token of roleID; with reminders, it expires in 5 days, within the
// default reminder window (15 days), and asks for expiry reminders.
func (c *client) createToken(t *testing.T, base, name, roleID string, reminders bool) token {
	t.Helper()
	in := map[string]any{"name": name, "roleId": roleID}
	if reminders {
		in["expiresAt"] = time.Now().Add(5 * 24 * time.Hour).UTC().Format(time.RFC3339)
		in["expiryReminders"] = true
	}
	var out struct {
		CreateToken struct {
			Secret string
			Token  struct{ ID string }
		}
	}
	c.mustGQL(t, base, `mutation($i:CreateTokenInput!){ createToken(input:$i){ secret token { id } } }`, map[string]any{"i": in}, &out)
	return token{id: out.CreateToken.Token.ID, name: name, secret: out.CreateToken.Secret}
}

type whoamiBody struct {
	Token struct{ Name string }
	IP    string
}

// whoami asks base who secret is, with a made-up X-Forwarded-For hop when xff is set.
func (c *client) whoami(t *testing.T, base, secret, xff string) (int, whoamiBody) {
	t.Helper()
	req, _ := http.NewRequest(http.MethodGet, base+"/api/v1/whoami", nil)
	req.Header.Set("X-Auth-Token", secret)
	if xff != "" {
		req.Header.Set("X-Forwarded-For", xff)
	}
	res, err := c.http.Do(req)
	if err != nil {
		t.Errorf("whoami %s: %v", base, err)
		return 0, whoamiBody{}
	}
	defer res.Body.Close()
	var body whoamiBody
	_ = json.NewDecoder(res.Body).Decode(&body)
	return res.StatusCode, body
}

// result is one request of the load.
type result struct {
	kind       string // whoami, verify or graphql
	start, end time.Time
	ok         bool
	status     int
	upstream   string // nginx's $upstream_addr: each replica tried, in order
	err        string
}

// load is the mixed load: clients sending whoami, verify and console GraphQL through nginx,
// each one request at a time, until stopped.
type load struct {
	began   time.Time
	elapsed time.Duration
	quit    chan struct{}
	wg      sync.WaitGroup
	mu      sync.Mutex
	results []result
}

func startLoad(front, loadSecret, gatewaySecret string, sessionJar http.CookieJar) *load {
	l := &load{began: time.Now(), quit: make(chan struct{})}
	verifyBody, _ := json.Marshal(map[string]string{"token": loadSecret, "ip": "203.0.113.45"})
	kinds := []string{"whoami", "verify", "graphql"}
	for i := range loadClients {
		kind := kinds[i%len(kinds)]
		c := newClientWithJar(localAddr(clientIP), sessionJar)
		l.wg.Go(func() {
			for {
				select {
				case <-l.quit:
					return
				default:
				}
				var req *http.Request
				switch kind {
				case "whoami":
					req, _ = http.NewRequest(http.MethodGet, front+"/api/v1/whoami", nil)
					req.Header.Set("X-Auth-Token", loadSecret)
				case "verify":
					req, _ = http.NewRequest(http.MethodPost, front+"/api/v1/verify", bytes.NewReader(verifyBody))
					req.Header.Set("Authorization", "Bearer "+gatewaySecret)
					req.Header.Set("Content-Type", "application/json")
				case "graphql":
					req, _ = http.NewRequest(http.MethodPost, front+"/graphql", strings.NewReader(`{"query":"{ me { email } tokens(first: 5) { totalCount } }"}`))
					req.Header.Set("Content-Type", "application/json")
				}
				r := result{kind: kind, start: time.Now()}
				res, err := c.http.Do(req)
				if err != nil {
					r.end, r.err = time.Now(), err.Error()
				} else {
					body, _ := io.ReadAll(res.Body)
					res.Body.Close()
					r.end, r.status, r.upstream = time.Now(), res.StatusCode, res.Header.Get("X-Keyward-Upstream")
					r.ok = res.StatusCode == 200 && answered(kind, body)
					if !r.ok {
						r.err = strings.Join(strings.Fields(string(body[:min(len(body), 100)])), " ")
					}
				}
				l.mu.Lock()
				l.results = append(l.results, r)
				l.mu.Unlock()
			}
		})
	}
	return l
}

// answered reports whether body is the right answer to a request of kind.
func answered(kind string, body []byte) bool {
	switch kind {
	case "whoami":
		var b whoamiBody
		return json.Unmarshal(body, &b) == nil && b.Token.Name == "load" && b.IP == clientIP
	case "verify":
		var b struct{ Valid bool }
		return json.Unmarshal(body, &b) == nil && b.Valid
	default:
		var r gqlResponse
		var d struct{ Me *struct{ Email string } }
		return json.Unmarshal(body, &r) == nil && len(r.Errors) == 0 && json.Unmarshal(r.Data, &d) == nil && d.Me != nil && d.Me.Email == adminEmail
	}
}

// servedBy counts the successful requests so far by the replica that answered them.
func (l *load) servedBy() map[string]int {
	l.mu.Lock()
	defer l.mu.Unlock()
	out := map[string]int{}
	for _, r := range l.results {
		if r.ok {
			out[lastHop(r.upstream)]++
		}
	}
	return out
}

func (l *load) stop() []result {
	close(l.quit)
	l.wg.Wait()
	l.elapsed = time.Since(l.began)
	return l.results
}
