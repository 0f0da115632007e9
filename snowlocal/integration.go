package snowlocal

import (
	"context"
	"crypto/hmac"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"fmt"
	"strings"
	"time"
)

// Storage integrations are recorded with their properties; the local engine
// reads external stages through the stage map instead of assuming an IAM
// role, but it generates the IAM user ARN and external id a user copies into
// the role's trust policy, checks STORAGE_ALLOWED_LOCATIONS /
// STORAGE_BLOCKED_LOCATIONS and ENABLED like Snowflake.

func cmdCreateIntegration(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	orReplace, ifNotExists := createFlags(c, "STORAGE", "INTEGRATION")
	if c.accept("INTEGRATION") { // CREATE INTEGRATION (without STORAGE)
		ifNotExists = c.accept("IF", "NOT", "EXISTS")
	}
	name, err := c.ident()
	if err != nil {
		return nil, err
	}
	props := c.properties()
	if t := props["TYPE"]; t != "" && t != "EXTERNAL_STAGE" {
		return nil, Errorf(CodeUnsupported, "0A000", "SQL compilation error:\nUnsupported feature: integrations of TYPE = %s in the local engine (only EXTERNAL_STAGE).", t)
	}
	if props["STORAGE_ALLOWED_LOCATIONS"] == "" {
		return nil, Errorf("002029", "42601", "SQL compilation error:\nMissing option(s): [STORAGE_ALLOWED_LOCATIONS]")
	}
	if props["STORAGE_PROVIDER"] == "" {
		return nil, Errorf("002029", "42601", "SQL compilation error:\nMissing option(s): [STORAGE_PROVIDER]")
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	_, exists, err := s.e.GetObject(ctx, "INTEGRATION", "", "", name)
	if err != nil {
		return nil, err
	}
	if exists {
		if r, err := alreadyExists(name, orReplace, ifNotExists); r != nil || err != nil {
			return r, err
		}
	}
	if props["TYPE"] == "" {
		props["TYPE"] = "EXTERNAL_STAGE"
	}
	created := time.Now()
	// Replacing an integration gives it a new external id (as Snowflake
	// does, which is why the trust policy must then be updated).
	props["STORAGE_AWS_EXTERNAL_ID"] = s.e.loading.externalID(name, created)
	props["STORAGE_AWS_IAM_USER_ARN"] = s.e.loading.iamUserARN()
	if err := s.e.PutObject(ctx, Object{Kind: "INTEGRATION", Name: name, Props: props, SQL: c.text, Owner: s.Role, CreatedOn: created}); err != nil {
		return nil, err
	}
	return statusResult(fmt.Sprintf("Integration %s successfully created.", name)), nil
}

// iamUserARN is the engine's (fake but stable) IAM user, one per account as
// in Snowflake.
func (l *loading) iamUserARN() string {
	m := hmac.New(sha256.New, l.seed)
	m.Write([]byte("iam-user"))
	sum := hex.EncodeToString(m.Sum(nil))
	return "arn:aws:iam::000000000000:user/" + sum[:4] + "0000-s"
}

func (l *loading) externalID(name string, created time.Time) string {
	m := hmac.New(sha256.New, l.seed)
	fmt.Fprintf(m, "external-id\x00%s\x00%d", name, created.UnixNano())
	enc := base64.StdEncoding.EncodeToString(m.Sum(nil))
	enc = strings.NewReplacer("+", "", "/", "").Replace(enc)
	return "LOCAL_SFCRole=1_" + enc[:27] + "="
}

func integrationNotExist(name string) error {
	return Errorf(CodeNotExist, "02000", "SQL compilation error:\nIntegration '%s' does not exist or not authorized.", name)
}

func cmdAlterIntegration(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("ALTER")
	c.accept("STORAGE")
	c.accept("INTEGRATION")
	ifExists := c.accept("IF", "EXISTS")
	name, err := c.ident()
	if err != nil {
		return nil, err
	}
	s.e.writeMu.Lock()
	defer s.e.writeMu.Unlock()
	o, ok, err := s.e.GetObject(ctx, "INTEGRATION", "", "", name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return alterMissing(ifExists, integrationNotExist(name))
	}
	switch {
	case c.accept("SET"):
		for k, v := range c.properties() {
			if k == "STORAGE_AWS_EXTERNAL_ID" || k == "STORAGE_AWS_IAM_USER_ARN" {
				continue
			}
			o.Props[k] = v
		}
	case c.accept("UNSET"):
		for !c.done() {
			if w := c.word(0); w != "" {
				delete(o.Props, w)
			}
			c.pos++
		}
	}
	if err := s.e.PutObject(ctx, o); err != nil {
		return nil, err
	}
	return statusResult("Statement executed successfully."), nil
}

func cmdDropIntegration(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("DROP")
	c.accept("STORAGE")
	c.accept("INTEGRATION")
	ifExists := c.accept("IF", "EXISTS")
	name, err := c.ident()
	if err != nil {
		return nil, err
	}
	return s.e.dropObject(ctx, "INTEGRATION", "", "", name, ifExists, integrationNotExist(name))
}

func cmdShowIntegrations(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.accept("SHOW")
	c.accept("STORAGE")
	c.accept("INTEGRATIONS")
	sc, err := parseShowScope(s, c, false)
	if err != nil {
		return nil, err
	}
	objs, err := s.e.ListObjects(ctx, "INTEGRATION", "", "")
	if err != nil {
		return nil, err
	}
	t := newTable("name", "type", "category", "enabled", "comment", "created_on")
	for _, o := range objs {
		if sc.match(o.Name) {
			t.add(o.Name, o.Props["TYPE"], "STORAGE", boolText(o.Props["ENABLED"], false), optText(o.Props["COMMENT"]), o.CreatedOn)
		}
	}
	return t.result(), nil
}

func cmdDescIntegration(ctx context.Context, s *Session, c *cursor) (*Result, error) {
	c.pos++ // DESC / DESCRIBE
	c.accept("STORAGE")
	c.accept("INTEGRATION")
	name, err := c.ident()
	if err != nil {
		return nil, err
	}
	o, ok, err := s.e.GetObject(ctx, "INTEGRATION", "", "", name)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, integrationNotExist(name)
	}
	p := o.Props
	t := newTable("property", "property_type", "property_value", "property_default")
	t.add("ENABLED", "Boolean", boolText(p["ENABLED"], false), "false")
	t.add("STORAGE_PROVIDER", "String", p["STORAGE_PROVIDER"], "")
	t.add("STORAGE_ALLOWED_LOCATIONS", "List", strings.Join(parseStringList(p["STORAGE_ALLOWED_LOCATIONS"]), ","), "[]")
	t.add("STORAGE_BLOCKED_LOCATIONS", "List", strings.Join(parseStringList(p["STORAGE_BLOCKED_LOCATIONS"]), ","), "[]")
	t.add("STORAGE_AWS_IAM_USER_ARN", "String", p["STORAGE_AWS_IAM_USER_ARN"], "")
	t.add("STORAGE_AWS_ROLE_ARN", "String", p["STORAGE_AWS_ROLE_ARN"], "")
	t.add("STORAGE_AWS_EXTERNAL_ID", "String", p["STORAGE_AWS_EXTERNAL_ID"], "")
	t.add("USE_PRIVATELINK_ENDPOINT", "Boolean", boolText(p["USE_PRIVATELINK_ENDPOINT"], false), "false")
	t.add("COMMENT", "String", p["COMMENT"], "")
	return t.result(), nil
}

// checkIntegration verifies that a stage URL may use the integration. atUse
// also checks that the integration is enabled (Snowflake checks it when the
// stage is used, not when it is created).
func (l *loading) checkIntegration(ctx context.Context, name, url string, atUse bool) error {
	if name == "" {
		return nil
	}
	o, ok, err := l.e.GetObject(ctx, "INTEGRATION", "", "", name)
	if err != nil {
		return err
	}
	if !ok {
		return integrationNotExist(name)
	}
	if atUse && !strings.EqualFold(o.Props["ENABLED"], "TRUE") {
		return Errorf("091001", "22000", "Integration '%s' is disabled: ALTER STORAGE INTEGRATION %s SET ENABLED = TRUE to use it.", name, name)
	}
	allowed := false
	for _, loc := range parseStringList(o.Props["STORAGE_ALLOWED_LOCATIONS"]) {
		if loc == "*" || strings.HasPrefix(url, loc) || strings.HasPrefix(url+"/", loc) {
			allowed = true
		}
	}
	for _, loc := range parseStringList(o.Props["STORAGE_BLOCKED_LOCATIONS"]) {
		if strings.HasPrefix(url, loc) {
			allowed = false
		}
	}
	if !allowed {
		return Errorf("003193", "42501", "SQL execution error: URL '%s' is not allowed by integration '%s'. Please use DESC INTEGRATION to check out allowed and blocked URLs.", url, name)
	}
	return nil
}

// parseStringList reads a property list "('a', 'b')" (or a single value).
func parseStringList(v string) []string {
	v = strings.TrimSpace(v)
	if v == "" {
		return nil
	}
	if !strings.HasPrefix(v, "(") {
		return []string{v}
	}
	c, err := newCursor(strings.TrimSuffix(strings.TrimPrefix(v, "("), ")"))
	if err != nil {
		return nil
	}
	var out []string
	for !c.done() {
		if c.acceptOp(",") {
			continue
		}
		out = append(out, c.value())
	}
	return out
}

func boolText(v string, dflt bool) string {
	switch strings.ToUpper(strings.TrimSpace(v)) {
	case "TRUE", "T", "YES", "Y", "ON", "1":
		return "true"
	case "FALSE", "F", "NO", "N", "OFF", "0":
		return "false"
	}
	if dflt {
		return "true"
	}
	return "false"
}

func optText(s string) any {
	if s == "" {
		return nil
	}
	return s
}
