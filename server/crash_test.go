package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net"
	"net/http"
	"net/http/cookiejar"
	"os"
	"os/exec"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/keyward/keyward/db"
	"github.com/keyward/keyward/db/dbtest"
	"github.com/keyward/keyward/server/app/apptest"
)

// crashChild runs this test binary as `keyward serve`, so that a test can kill it with
// SIGKILL, as a crash or an out-of-memory kill would: the real process, not a simulation.
const crashChild = "KEYWARD_CRASH_CHILD"

// keywardProcess is a `keyward serve` of its own.
type keywardProcess struct {
	cmd  *exec.Cmd
	base string
	log  *bytes.Buffer
}

func startKeyward(t *testing.T, url, smtpURL string) *keywardProcess {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	p := &keywardProcess{base: "http://" + addr, log: &bytes.Buffer{}}
	p.cmd = exec.Command(os.Args[0], "serve", "--addr", addr, "--database-url", url, "--smtp-url", smtpURL, "--base-url", p.base, "--refusal-limit", "off",
		"--secret-key", "a2V5d2FyZC10ZXN0cy1zZWNyZXQta2V5LTMyYnl0ZXM=")
	p.cmd.Env = append(os.Environ(), crashChild+"=1")
	p.cmd.Stdout, p.cmd.Stderr = p.log, p.log
	if err := p.cmd.Start(); err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { p.kill() })
	deadline := time.Now().Add(30 * time.Second)
	for {
		if res, err := http.Get(p.base + "/readyz"); err == nil {
			res.Body.Close()
			if res.StatusCode == 200 {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("keyward did not start:\n%s", p.log)
		}
		time.Sleep(50 * time.Millisecond)
	}
}

// kill ends the process with SIGKILL: no deferred function, no graceful stop.
func (p *keywardProcess) kill() {
	if p.cmd.ProcessState == nil {
		_ = p.cmd.Process.Signal(syscall.SIGKILL)
		_ = p.cmd.Wait()
	}
}

type gqlClient struct {
	base string
	http *http.Client
}

func (c *gqlClient) do(query string, vars map[string]any, out any) error {
	b, _ := json.Marshal(map[string]any{"query": query, "variables": vars})
	res, err := c.http.Post(c.base+"/graphql", "application/json", bytes.NewReader(b))
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
	if out == nil {
		return nil
	}
	return json.Unmarshal(r.Data, out)
}

// kill -9 in the middle of token creation and of email sending, on both databases:
// nothing is half-written, and once Keyward is back (and River has rescued the jobs the
// dead process held) every approval email goes out exactly once.
func TestKill9DuringTokenCreationAndEmailSending(t *testing.T) {
	apptest.EachDialect(t, func(t *testing.T, d db.Dialect) {
		url := dbtest.URL(t, d)
		smtp := apptest.StartSMTP(t)
		p := startKeyward(t, url, smtp.URL())
		jar, _ := cookiejar.New(nil)
		c := &gqlClient{base: p.base, http: &http.Client{Jar: jar, Timeout: 10 * time.Second}}
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatalf("%v\n%s", err, p.log)
			}
		}
		must(c.do(`mutation{ setup(email:"admin@example.com", name:"Ada Admin", password:"correct horse battery staple"){ id } }`, nil, nil))
		must(c.do(`mutation{ updateSettings(input:{whitelistApproval:true, businessOwnerEmails:["owner@example.com"]}){ whitelistApproval } }`, nil, nil))
		var roles struct{ Roles []struct{ ID, Name string } }
		must(c.do(`{ roles { id name } }`, nil, &roles))
		auditor := ""
		for _, r := range roles.Roles {
			if r.Name == "Auditor" {
				auditor = r.ID
			}
		}

		// The SMTP server holds every email unanswered; clients create tokens, each with
		// an address to approve, until the process is killed under them.
		smtp.Hold()
		var wg sync.WaitGroup
		stop := make(chan struct{})
		for w := range 4 {
			wg.Go(func() {
				for i := 0; ; i++ {
					select {
					case <-stop:
						return
					default:
					}
					_ = c.do(`mutation($i:CreateTokenInput!){ createToken(input:$i){ secret } }`, map[string]any{"i": map[string]any{
						"name": fmt.Sprintf("crash-%d-%d", w, i), "roleId": auditor, "whitelist": []string{fmt.Sprintf("10.%d.%d.1", w, i%250)}}}, nil)
				}
			})
		}
		deadline := time.Now().Add(20 * time.Second)
		for smtp.Held() == 0 && time.Now().Before(deadline) {
			time.Sleep(10 * time.Millisecond)
		}
		time.Sleep(150 * time.Millisecond) // more requests in flight
		p.kill()
		close(stop)
		wg.Wait()
		if smtp.Held() == 0 {
			t.Fatal("no email was being sent when the process died")
		}
		smtp.Release()

		dbx, err := db.Open(context.Background(), url)
		if err != nil {
			t.Fatal(err)
		}
		defer dbx.Close()
		ctx := context.Background()
		count := func(q string) int {
			t.Helper()
			var n int
			if err := dbx.NewRaw(q).Scan(ctx, &n); err != nil {
				t.Fatalf("%s: %v", q, err)
			}
			return n
		}
		tokensMade := count(`SELECT count(*) FROM tokens WHERE name LIKE 'crash-%'`)
		if tokensMade == 0 {
			t.Fatal("no token was created before the kill")
		}
		// Nothing half-written: each token whole, with its secret, its entry, its request,
		// its email job and its audit event; nothing of a token that is not there.
		for what, q := range map[string]string{
			"tokens without a secret":           `SELECT count(*) FROM tokens t WHERE NOT EXISTS (SELECT 1 FROM token_secrets s WHERE s.token_id = t.id)`,
			"tokens without their entry":        `SELECT count(*) FROM tokens t WHERE t.name LIKE 'crash-%' AND NOT EXISTS (SELECT 1 FROM whitelist_entries e WHERE e.token_id = t.id)`,
			"entries without a request":         `SELECT count(*) FROM whitelist_entries e WHERE NOT EXISTS (SELECT 1 FROM approval_requests r WHERE r.entry_id = e.id)`,
			"requests without their email job":  `SELECT count(*) FROM approval_requests r WHERE NOT EXISTS (SELECT 1 FROM river_job j WHERE j.kind = 'email' AND ` + jobArg(d, "id") + ` = ` + castText(d, "r.id") + `)`,
			"secrets of no token":               `SELECT count(*) FROM token_secrets s WHERE NOT EXISTS (SELECT 1 FROM tokens t WHERE t.id = s.token_id)`,
			"tokens without their audit event":  `SELECT count(*) FROM tokens t WHERE NOT EXISTS (SELECT 1 FROM audit_events a WHERE a.action = 'token.create' AND a.target_id = ` + castText(d, "t.id") + `)`,
			"audit events of no token":          `SELECT count(*) FROM audit_events a WHERE a.action = 'token.create' AND NOT EXISTS (SELECT 1 FROM tokens t WHERE ` + castText(d, "t.id") + ` = a.target_id)`,
			"email jobs of no approval request": `SELECT count(*) FROM river_job j WHERE j.kind = 'email' AND ` + jobArg(d, "type") + ` = 'approval_request' AND NOT EXISTS (SELECT 1 FROM approval_requests r WHERE ` + jobArg(d, "id") + ` = ` + castText(d, "r.id") + `)`,
		} {
			if n := count(q); n != 0 {
				t.Errorf("%d %s after the kill", n, what)
			}
		}
		requests := count(`SELECT count(*) FROM approval_requests`)

		// River's rescuer, on the leader of the restarted Keyward, would take the jobs the
		// dead process left running once they are older than jobs.RescueAfter; this does
		// the same now instead of waiting the 3 minutes.
		if _, err := dbx.ExecContext(ctx, `UPDATE river_job SET state = 'available', attempted_by = NULL WHERE state = 'running'`); err != nil {
			t.Fatal(err)
		}
		p = startKeyward(t, url, smtp.URL())
		deadline = time.Now().Add(60 * time.Second)
		for count(`SELECT count(*) FROM river_job WHERE kind = 'email' AND state <> 'completed'`) > 0 {
			if time.Now().After(deadline) {
				t.Fatalf("emails still waiting after the restart:\n%s", p.log)
			}
			time.Sleep(50 * time.Millisecond)
		}
		perToken := map[string]int{}
		for _, m := range smtp.Messages() {
			if i := strings.Index(m.Subject, "crash-"); i >= 0 {
				perToken[strings.Trim(m.Subject[i:], `"?`)]++
			}
		}
		if len(perToken) != tokensMade || len(smtp.Messages()) != requests {
			t.Errorf("%d emails for %d tokens (%d requests): %v", len(smtp.Messages()), tokensMade, requests, perToken)
		}
		for name, n := range perToken {
			if n != 1 {
				t.Errorf("%s: %d emails", name, n)
			}
		}
		t.Logf("killed with %d tokens made (%d approval emails queued, some being sent); after the restart, %d emails, one each", tokensMade, requests, len(smtp.Messages()))
	})
}

func castText(d db.Dialect, col string) string {
	if d == db.Postgres {
		return col + "::text"
	}
	return "CAST(" + col + " AS TEXT)"
}

// jobArg is an argument of a River job, as text.
func jobArg(d db.Dialect, name string) string {
	if d == db.Postgres {
		return "(j.args->>'" + name + "')"
	}
	return "CAST(json_extract(j.args, '$." + name + "') AS TEXT)"
}
