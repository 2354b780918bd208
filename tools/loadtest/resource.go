package main

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"slices"
	"strings"
	"time"
)

// resourceServer is a running bin/resourceserver: an organisation's API on Keyward's Go
// client, in a process of its own.
type resourceServer struct {
	base string
	cmd  *exec.Cmd
}

func (r *resourceServer) stop() { _ = r.cmd.Process.Kill(); _ = r.cmd.Wait() }

// startResourceServer serves bin/resourceserver against the Keyward at keyward, with its own
// token gateway (holding tokens:verify), once its events stream is live.
func startResourceServer(bin, keyward, gateway string) (*resourceServer, error) {
	addr, err := freeAddr()
	if err != nil {
		return nil, err
	}
	cmd := exec.Command(bin, "-keyward", keyward, "-addr", addr)
	cmd.Env = append(os.Environ(), "KEYWARD_TOKEN="+gateway)
	cmd.Stdout, cmd.Stderr = io.Discard, io.Discard
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("start %s: %w", bin, err)
	}
	rs := &resourceServer{base: "http://" + addr, cmd: cmd}
	for deadline := time.Now().Add(30 * time.Second); ; time.Sleep(50 * time.Millisecond) {
		if res, err := http.Get(rs.base + "/stats"); err == nil {
			b, _ := io.ReadAll(res.Body)
			res.Body.Close()
			if strings.HasPrefix(string(b), "connected=true") {
				return rs, nil
			}
		}
		if time.Now().After(deadline) {
			rs.stop()
			return nil, fmt.Errorf("%s did not follow Keyward's events within 30 s", bin)
		}
	}
}

// customerReaders makes the resource server's module and a role reading it, and returns a
// function creating tokens of that role (secret and id).
func customerReaders(s *session) (func(name string) (secret, id string, err error), error) {
	if err := s.do(`mutation{ createModule(input:{key:"customers", name:"Customers", actions:["read"]}){ key } }`, nil, &struct{}{}); err != nil {
		return nil, err
	}
	var role struct{ CreateRole struct{ ID string } }
	if err := s.do(`mutation{ createRole(input:{name:"Customer reader", permissions:["customers:read"]}){ id } }`, nil, &role); err != nil {
		return nil, err
	}
	return func(name string) (string, string, error) {
		var out struct {
			CreateToken struct {
				Secret string
				Token  struct{ ID string }
			}
		}
		err := s.do(`mutation($i:CreateTokenInput!){ createToken(input:$i){ secret token { id } } }`,
			map[string]any{"i": map[string]any{"name": name, "roleId": role.CreateRole.ID}}, &out)
		return out.CreateToken.Secret, out.CreateToken.Token.ID, err
	}, nil
}

// revocations is how many tokens the revocation-lag measure revokes.
const revocations = 100

// revocationLag revokes tokens one by one through s (a session with one Keyward) while
// asking the resource server at rs (following the same or another replica) with each, and
// returns how long after sending each revocation the resource server first refused it.
func revocationLag(s *session, rs string, newToken func(string) (string, string, error)) ([]time.Duration, error) {
	type tok struct{ secret, id string }
	var toks []tok
	for i := range revocations {
		sec, id, err := newToken(fmt.Sprintf("revoked %d", i))
		if err != nil {
			return nil, err
		}
		toks = append(toks, tok{sec, id})
	}
	ask := func(secret string) (int, error) {
		req, _ := http.NewRequest("GET", rs+"/customers/1", nil)
		req.Header.Set("X-Auth-Token", secret)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			return 0, err
		}
		_, _ = io.Copy(io.Discard, res.Body)
		res.Body.Close()
		return res.StatusCode, nil
	}
	for _, t := range toks { // each verdict cached, as in steady use
		if code, err := ask(t.secret); err != nil || code != 200 {
			return nil, fmt.Errorf("before the revocation: %d %v", code, err)
		}
	}
	var lags []time.Duration
	for _, t := range toks {
		start := time.Now()
		if err := s.do(`mutation($id:ID!){ revokeToken(id:$id){ id } }`, map[string]any{"id": t.id}, &struct{}{}); err != nil {
			return nil, err
		}
		for {
			code, err := ask(t.secret)
			if err != nil {
				return nil, err
			}
			if code == 401 {
				lags = append(lags, time.Since(start))
				break
			}
			if time.Since(start) > 10*time.Second {
				return nil, fmt.Errorf("token %s still served 10 s after its revocation", t.id)
			}
			time.Sleep(time.Millisecond)
		}
	}
	return lags, nil
}

// printLag reports the revocation lags against the target (p99 at most a second).
func printLag(name string, lags []time.Duration) bool {
	slices.Sort(lags)
	at := func(q float64) time.Duration { return lags[min(len(lags)-1, int(q*float64(len(lags))))] }
	ok := at(0.99) <= time.Second
	verdict := "meets the p99 ≤ 1 s target"
	if !ok {
		verdict = "ABOVE the p99 ≤ 1 s target"
	}
	fmt.Printf("%-38s %d revocations: p50 %v p99 %v max %v (%s)\n\n", name, len(lags),
		at(0.5).Round(100*time.Microsecond), at(0.99).Round(100*time.Microsecond), lags[len(lags)-1].Round(100*time.Microsecond), verdict)
	return ok
}
