package sigma

import (
	"fmt"
	"path/filepath"
	"regexp"
	"strings"
)

// License is the attribution every detection derived from a SigmaHQ rule
// carries (Detection Rule License 1.1, section "attribution").
const License = "Detection Rule License 1.1, SigmaHQ (https://github.com/SigmaHQ/Detection-Rule-License)"

var levelSeverity = map[string]string{
	"informational": "info", "low": "low", "medium": "medium", "high": "high", "critical": "critical",
}

var (
	techniqueTag = regexp.MustCompile(`^attack\.(t[0-9]{4}(\.[0-9]{3})?)$`)
	slugJunk     = regexp.MustCompile(`[^a-z0-9]+`)
	flurryTag    = regexp.MustCompile(`^[a-z0-9][a-z0-9_.:-]*$`)
)

// DetectionID is the flurry detection id (and file name) of a rule:
// "sigma_", the title as a slug, and the first 8 characters of the rule's
// id so that two rules with one title stay apart.
func DetectionID(r *Rule) string {
	slug := strings.Trim(slugJunk.ReplaceAllString(strings.ToLower(r.Title), "_"), "_")
	if len(slug) > 60 {
		slug = strings.TrimRight(slug[:60], "_")
	}
	id := "sigma_" + slug
	if short := strings.ToLower(slugJunk.ReplaceAllString(r.ID, "")); short != "" {
		if len(short) > 8 {
			short = short[:8]
		}
		id += "_" + short
	}
	return id
}

// Convert compiles a rule with the mapping serving its log source and
// returns the flurry detection file's name and text.
func Convert(r *Rule, ms Mappings) (name, text string, err error) {
	m, err := ms.For(r.LogSource)
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", r.Path, err)
	}
	cond, err := Compile(r, m)
	if err != nil {
		return "", "", fmt.Errorf("%s: %w", r.Path, err)
	}
	sev, ok := levelSeverity[strings.ToLower(r.Level)]
	if !ok {
		if r.Level != "" {
			return "", "", fmt.Errorf("%s: unknown level %q", r.Path, r.Level)
		}
		sev = "medium"
	}
	id := DetectionID(r)
	var h strings.Builder
	line := func(format string, args ...any) { fmt.Fprintf(&h, "-- "+format+"\n", args...) }
	line("id: %s", id)
	line("title: %s", yamlString(r.Title))
	desc := strings.TrimSpace(r.Description)
	if desc == "" {
		desc = r.Title
	}
	desc += "\n\nCompiled from Sigma rule " + r.ID + " by flurry detect sigma import."
	line("description: |")
	for _, l := range strings.Split(desc, "\n") {
		line("  %s", strings.TrimRight(l, " \t"))
	}
	line("severity: %s", sev)
	line("schedule: %s", m.Schedule)
	line("lookback: %s", m.Lookback)
	var mitre, tags []string
	tags = append(tags, "sigma")
	for _, t := range r.Tags {
		t = strings.ToLower(t)
		if mm := techniqueTag.FindStringSubmatch(t); mm != nil {
			mitre = append(mitre, strings.ToUpper(mm[1]))
		}
		if flurryTag.MatchString(t) {
			tags = append(tags, t)
		}
	}
	if len(mitre) > 0 {
		line("mitre: [%s]", strings.Join(mitre, ", "))
	}
	line("tags: [%s]", strings.Join(tags, ", "))
	line("key: [%s]", strings.Join(m.Key, ", "))
	if r.Status == "deprecated" || r.Status == "unsupported" {
		line("enabled: false")
	} else {
		line("enabled: true")
	}
	if len(r.References) > 0 && !strings.ContainsAny(r.References[0], " \n") {
		line("runbook: %s", yamlString(r.References[0]))
	}
	line("# Sigma rule: %s", oneLine(r.Title))
	line("#   id: %s, status: %s, date: %s, modified: %s", r.ID, orDash(r.Status), orDash(r.Date), orDash(r.Modified))
	line("#   author: %s", oneLine(orDash(r.Author)))
	line("#   license: %s; rule author: %s", License, oneLine(orDash(r.Author)))
	if r.Path != "" {
		line("#   source: %s", oneLine(filepath.Base(r.Path)))
	}
	if d := oneLine(r.LogSource.Definition); d != "" {
		line("#   logsource definition: %s", d)
	}
	if len(r.References) > 0 {
		line("#   references:")
		for _, ref := range r.References {
			line("#     - %s", oneLine(ref))
		}
	}
	if len(r.FalsePositives) > 0 {
		line("#   falsepositives:")
		for _, fp := range r.FalsePositives {
			line("#     - %s", oneLine(fp))
		}
	}
	var q strings.Builder
	q.WriteString("select\n    ")
	q.WriteString(strings.Join(m.Select, ",\n    "))
	q.WriteString("\nfrom " + m.From + "\n")
	for i, w := range m.Where {
		if i == 0 {
			q.WriteString("where " + w + "\n")
		} else {
			q.WriteString("  and " + w + "\n")
		}
	}
	if len(m.Where) == 0 {
		q.WriteString("where " + cond + ";\n")
	} else {
		q.WriteString("  and (\n    " + strings.ReplaceAll(cond, "\n", "\n    ") + "\n  );\n")
	}
	return id + ".sql", h.String() + q.String(), nil
}

func orDash(s string) string {
	if strings.TrimSpace(s) == "" {
		return "-"
	}
	return s
}

func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// yamlString writes s as a YAML double-quoted scalar when a plain one
// could be misread.
func yamlString(s string) string {
	s = oneLine(s)
	if s == "" || strings.ContainsAny(s, ":#'\"{}[],&*!|>%@`") || strings.HasPrefix(s, "-") || strings.HasPrefix(s, "?") {
		return `"` + strings.NewReplacer(`\`, `\\`, `"`, `\"`).Replace(s) + `"`
	}
	return s
}
