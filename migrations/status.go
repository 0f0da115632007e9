package migrations

import (
	"slices"
	"strings"
	"time"
)

// State is where a script stands against the history table.
type State string

const (
	StateApplied     State = "applied"      // recorded with the same checksum
	StatePending     State = "pending"      // will run on the next `up`
	StateDrifted     State = "drifted"      // applied V script whose file changed since
	StateFailed      State = "failed"       // last attempt failed: blocks `up` until repaired
	StateOutOfOrder  State = "out-of-order" // new V script older than the newest applied one
	StateBaseline    State = "baseline"     // at or below the baseline version: never run
	StateMissing     State = "missing"      // in the history, no longer in the migrations directory
	StateAboveTarget State = "above-target" // pending, but beyond --target
)

// Entry is one line of `migrate status`.
type Entry struct {
	Type        Kind     `json:"type"`
	Version     string   `json:"version,omitempty"`
	Description string   `json:"description"`
	Script      string   `json:"script"`
	State       State    `json:"state"`
	Reason      string   `json:"reason,omitempty"` // for pending: new, changed, always
	Checksum    string   `json:"checksum,omitempty"`
	Applied     *Applied `json:"applied,omitempty"`
	// ChangedVars names the variables whose values differ from those the
	// applied script was rendered with (secrets show as changed without
	// their values). For a V script this is no drift: it is not re-run.
	ChangedVars []string `json:"changed_vars,omitempty"`

	rendered *Rendered
}

// Status is the comparison of the migrations directory with the history.
type Status struct {
	HistoryTable string   `json:"history_table"`
	Entries      []*Entry `json:"entries"`
	// HistoryExists is false before the first `up`.
	HistoryExists bool `json:"history_exists"`
	// Lock is the run holding the migration lock, nil when none does.
	Lock *LockHolder `json:"lock,omitempty"`
}

// LockHolder is a row of the lock table: who runs `up` (or baseline,
// repair) now, or ran it and was killed, until the row expires.
type LockHolder struct {
	Owner      string    `json:"owner"`
	AcquiredOn time.Time `json:"acquired_on"`
	ExpiresAt  time.Time `json:"expires_at"`
	Expired    bool      `json:"expired"`
}

// Pending returns the entries the next `up` would run, in order.
func (s *Status) Pending() []*Entry {
	var out []*Entry
	for _, e := range s.Entries {
		if e.State == StatePending || e.State == StateOutOfOrder {
			out = append(out, e)
		}
	}
	return out
}

// Count returns how many entries are in state st.
func (s *Status) Count(st State) int {
	n := 0
	for _, e := range s.Entries {
		if e.State == st {
			n++
		}
	}
	return n
}

// Clean reports whether nothing is pending, drifted, failed or missing (A
// scripts are always pending and do not count).
func (s *Status) Clean() bool {
	for _, e := range s.Entries {
		switch e.State {
		case StateApplied, StateBaseline:
		case StatePending:
			if e.Type != Always {
				return false
			}
		default:
			return false
		}
	}
	return true
}

func historyKey(k Kind, version, description string) string {
	if k == Versioned || k == Baseline {
		return "V:" + version
	}
	return string(k) + ":" + strings.ToLower(description)
}

// compare builds the status of scripts against history rows. target, when
// set, marks later versioned scripts above-target.
func compare(scripts []*Rendered, history []Applied, target Version) *Status {
	st := &Status{}
	latest := map[string]*Applied{}
	var baseline Version
	var maxApplied Version
	for i := range history {
		a := &history[i]
		if a.Type == Baseline {
			if v, err := ParseVersion(a.Version); err == nil {
				baseline = v
			}
			continue
		}
		latest[historyKey(a.Type, a.Version, a.Description)] = a
		if a.Type == Versioned && a.Status == StatusSuccess {
			if v, err := ParseVersion(a.Version); err == nil && (maxApplied == nil || v.Compare(maxApplied) > 0) {
				maxApplied = v
			}
		}
	}
	if baseline != nil && (maxApplied == nil || baseline.Compare(maxApplied) > 0) {
		maxApplied = baseline
	}
	seen := map[string]bool{}
	for _, r := range scripts {
		e := &Entry{Type: r.Kind, Description: r.Description, Script: r.Name, Checksum: r.Checksum, rendered: r}
		if r.Kind == Versioned {
			e.Version = r.Version.String()
		}
		key := historyKey(r.Kind, e.Version, r.Description)
		seen[key] = true
		a := latest[key]
		e.Applied = a
		switch {
		case a != nil && a.Status == StatusFailed:
			e.State = StateFailed
		case r.Kind == Versioned && a != nil:
			e.State = StateApplied
			if !sameScript(a, r) {
				e.State = StateDrifted
			}
		case r.Kind == Versioned && baseline != nil && r.Version.Compare(baseline) <= 0:
			e.State = StateBaseline
		case r.Kind == Versioned && target != nil && r.Version.Compare(target) > 0:
			e.State = StateAboveTarget
		case r.Kind == Versioned && maxApplied != nil && r.Version.Compare(maxApplied) < 0:
			e.State, e.Reason = StateOutOfOrder, "new"
		case r.Kind == Versioned:
			e.State, e.Reason = StatePending, "new"
		case r.Kind == Always:
			e.State, e.Reason = StatePending, "always"
		case a == nil:
			e.State, e.Reason = StatePending, "new"
		case renderedChecksum(a) != r.RenderedChecksum:
			e.State, e.Reason = StatePending, "changed"
			if sameScript(a, r) {
				e.Reason = "variables changed"
			}
		default:
			e.State = StateApplied
		}
		if a != nil && a.Status == StatusSuccess && a.RenderedChecksum != "" && a.RenderedChecksum != r.RenderedChecksum {
			e.ChangedVars = changedVars(a.Vars, r.Vars)
		}
		st.Entries = append(st.Entries, e)
	}
	// History rows without a file.
	for i := range history {
		a := &history[i]
		key := historyKey(a.Type, a.Version, a.Description)
		if a.Type == Baseline || seen[key] || latest[key] != a {
			continue
		}
		seen[key] = true
		e := &Entry{Type: a.Type, Version: a.Version, Description: a.Description, Script: a.Script, Applied: a, State: StateMissing}
		if a.Status == StatusFailed {
			e.State = StateFailed
		}
		st.Entries = append(st.Entries, e)
	}
	// With --target, repeatable and always scripts wait until every
	// versioned script is in: they usually depend on the newest schema.
	if st.Count(StateAboveTarget) > 0 {
		for _, e := range st.Entries {
			if e.Type != Versioned && e.State == StatePending {
				e.State = StateAboveTarget
			}
		}
	}
	return st
}

// sameScript reports whether an applied row records the script as it is
// now. Rows written before flurry checksummed scripts before rendering hold
// the rendered text's checksum: for them the rendered text must match.
func sameScript(a *Applied, r *Rendered) bool {
	if a.RenderedChecksum == "" {
		return a.Checksum == r.Checksum || a.Checksum == r.RenderedChecksum
	}
	return a.Checksum == r.Checksum
}

// renderedChecksum is the checksum of the text an applied row ran.
func renderedChecksum(a *Applied) string {
	if a.RenderedChecksum == "" {
		return a.Checksum
	}
	return a.RenderedChecksum
}

// changedVars lists the variables whose value differs between an applied
// row and now, sorted; "(secret or udf)" when only hidden inputs changed.
func changedVars(then, now map[string]string) []string {
	var out []string
	for k, v := range now {
		if old, ok := then[k]; !ok || old != v {
			out = append(out, k)
		}
	}
	for k := range then {
		if _, ok := now[k]; !ok {
			out = append(out, k)
		}
	}
	slices.Sort(out)
	if len(out) == 0 {
		out = []string{"(a secret variable)"}
	}
	return out
}
