package client

import (
	"net/netip"
	"strings"
	"testing"
	"time"
)

func TestNewRefusesBadConfig(t *testing.T) {
	good := Config{BaseURL: "https://keyward.example.com", Token: agentToken, DisableEvents: true}
	cases := []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"no base URL", func(c *Config) { c.BaseURL = "" }, "BaseURL is required"},
		{"base URL without scheme", func(c *Config) { c.BaseURL = "keyward.example.com" }, "must be an http or https URL"},
		{"base URL of another scheme", func(c *Config) { c.BaseURL = "ftp://keyward.example.com" }, "must be an http or https URL"},
		{"base URL with a query", func(c *Config) { c.BaseURL = "https://keyward.example.com/?a=b" }, "must be an http or https URL"},
		{"no token", func(c *Config) { c.Token = "" }, "Token is required"},
		{"token with a line break", func(c *Config) { c.Token = agentToken + "\n" }, "Token must not contain"},
		{"negative TTL", func(c *Config) { c.CacheTTL = -time.Second }, "CacheTTL must not be negative"},
		{"negative stale", func(c *Config) { c.StaleIfError = -time.Second }, "StaleIfError must not be negative"},
		{"negative size", func(c *Config) { c.CacheSize = -1 }, "CacheSize must not be negative"},
		{"invalid proxy", func(c *Config) { c.TrustedProxies = []netip.Prefix{{}} }, "TrustedProxies"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			cfg := good
			tc.edit(&cfg)
			c, err := New(cfg)
			if err == nil {
				c.Close()
				t.Fatal("accepted")
			}
			if !strings.Contains(err.Error(), tc.want) {
				t.Fatalf("error %q does not say %q", err, tc.want)
			}
			if strings.Contains(err.Error(), agentToken) {
				t.Fatalf("the token is in the error: %q", err)
			}
		})
	}
}

func TestNewDefaults(t *testing.T) {
	c, err := New(Config{BaseURL: " https://keyward.example.com/ ", Token: agentToken, DisableEvents: true})
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if c.base != "https://keyward.example.com" || c.issuer != "https://keyward.example.com" || c.ttl != DefaultCacheTTL ||
		c.negTTL != DefaultNegativeTTL || c.stale != DefaultStaleIfError || c.timeout != DefaultTimeout ||
		len(c.cache.shards)*c.cache.max != DefaultCacheSize-DefaultCacheSize%maxShards {
		t.Fatalf("%+v", c)
	}
}

func TestWellFormed(t *testing.T) {
	for _, tok := range []string{resourceToken, agentToken, otherToken} {
		if !wellFormed(tok) || shapeOf(tok) != shapeToken {
			t.Errorf("%s: refused", tok)
		}
	}
	for _, s := range []string{"", "kw_", agentToken[:len(agentToken)-1], agentToken + "a", "xx" + agentToken[2:],
		agentToken[:10] + "-" + agentToken[11:], agentToken[:len(agentToken)-1] + "0"} {
		if wellFormed(s) {
			t.Errorf("%q: accepted", s)
		}
	}
	if shapeOf(keywardJWT) != shapeJWT || shapeOf("eyJ.a") != shapeMalformed || shapeOf("Basic Zm9v") != shapeMalformed {
		t.Error("shapes")
	}
}
