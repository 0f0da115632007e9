package main

import (
	"fmt"
	"strings"

	"github.com/flurry-dev/flurry/internal/cli"
)

// argsWithFlags splits a command's arguments into positional ones and the
// values of the named string flags written after them. urfave/cli stops
// reading flags at the first positional argument, so `migrate new add okta
// --dir X` would otherwise make "--dir X" part of the description. Values
// found here win over the parsed ones (they come later on the line).
func argsWithFlags(c *cli.Context, names ...string) ([]string, map[string]string, error) {
	known := map[string]bool{}
	for _, n := range names {
		known[n] = true
	}
	var pos []string
	vals := map[string]string{}
	args := c.Args().Slice()
	for i := 0; i < len(args); i++ {
		a := args[i]
		if a == "--" {
			pos = append(pos, args[i+1:]...)
			break
		}
		if !strings.HasPrefix(a, "-") || a == "-" {
			pos = append(pos, a)
			continue
		}
		name, val, hasVal := strings.Cut(strings.TrimLeft(a, "-"), "=")
		if !known[name] {
			return nil, nil, fmt.Errorf("flag provided but not defined: %s (see %s --help)", a, c.Command.HelpName)
		}
		if !hasVal {
			if i+1 >= len(args) {
				return nil, nil, fmt.Errorf("flag needs an argument: --%s (see %s --help)", name, c.Command.HelpName)
			}
			i++
			val = args[i]
		}
		vals[name] = val
	}
	for _, n := range names {
		if _, ok := vals[n]; !ok {
			vals[n] = c.String(n)
		}
	}
	return pos, vals, nil
}

// usageError reports a flag that cannot be parsed in one line, instead of
// urfave/cli's "Incorrect Usage" followed by the whole help page.
func usageError(c *cli.Context, err error, _ bool) error {
	return fmt.Errorf("%s: %v (see %s --help)", c.Command.HelpName, err, c.Command.HelpName)
}
