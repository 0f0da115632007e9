package cli

import (
	"bytes"
	"io"
	"strings"
	"testing"
	"text/tabwriter"
	"text/template"
)

// referencePrintHelpCustom is urfave/cli v2.27.7's printHelpCustom as
// released: the same templates executed by text/template itself.
func referencePrintHelpCustom(out io.Writer, templ string, data interface{}, customFuncs map[string]interface{}) {
	const maxLineLength = 10000
	funcMap := template.FuncMap{
		"join":           strings.Join,
		"subtract":       subtract,
		"indent":         indent,
		"nindent":        nindent,
		"trim":           strings.TrimSpace,
		"wrap":           func(input string, offset int) string { return wrap(input, offset, maxLineLength) },
		"offset":         offset,
		"offsetCommands": offsetCommands,
	}
	for key, value := range customFuncs {
		funcMap[key] = value
	}
	w := tabwriter.NewWriter(out, 1, 8, 2, ' ', 0)
	t := template.Must(template.New("help").Funcs(funcMap).Parse(templ))
	templates := map[string]string{
		"helpNameTemplate":                  helpNameTemplate,
		"usageTemplate":                     usageTemplate,
		"descriptionTemplate":               descriptionTemplate,
		"visibleCommandTemplate":            visibleCommandTemplate,
		"copyrightTemplate":                 copyrightTemplate,
		"versionTemplate":                   versionTemplate,
		"visibleFlagCategoryTemplate":       visibleFlagCategoryTemplate,
		"visibleFlagTemplate":               visibleFlagTemplate,
		"visibleGlobalFlagCategoryTemplate": strings.Replace(visibleFlagCategoryTemplate, "OPTIONS", "GLOBAL OPTIONS", -1),
		"authorsTemplate":                   authorsTemplate,
		"visibleCommandCategoryTemplate":    visibleCommandCategoryTemplate,
	}
	for name, value := range templates {
		template.Must(t.New(name).Parse(value))
	}
	if err := t.Execute(w, data); err != nil {
		panic(err)
	}
	_ = w.Flush()
}

func sampleApp(out io.Writer) *App {
	return &App{
		Name:        "flurry",
		Usage:       "a data lake as code",
		UsageText:   "flurry [global options] command",
		Description: "Long description\nover two lines.",
		Version:     "1.2.3",
		Copyright:   "(c) the authors",
		Authors:     []*Author{{Name: "A. Author", Email: "a@example.com"}},
		Writer:      out,
		Flags: []Flag{
			&StringFlag{Name: "config", Aliases: []string{"c"}, Usage: "read `FILE`", EnvVars: []string{"FLURRY_CONFIG"}},
			&BoolFlag{Name: "verbose", Usage: "say more", Category: "Output"},
		},
		Commands: []*Command{
			{Name: "ship", Usage: "ship logs", Category: "Hosts", ArgsUsage: "[config]",
				Description: "Ship tails files.", Flags: []Flag{
					&StringFlag{Name: "config", Usage: "the config", Value: "/etc/flurry/ship.conf"},
					&DurationFlag{Name: "wait", Usage: "how long", Category: "Timing"},
					&StringSliceFlag{Name: "tag", Usage: "tags"},
				}, Action: func(*Context) error { return nil }},
			{Name: "migrate", Aliases: []string{"m"}, Usage: "manage migrations", Category: "Lake",
				Subcommands: []*Command{
					{Name: "up", Usage: "apply pending", Flags: []Flag{&IntFlag{Name: "to", Usage: "stop at"}}, Action: func(*Context) error { return nil }},
					{Name: "status", Usage: "show status", Action: func(*Context) error { return nil }},
					{Name: "secret", Hidden: true, Action: func(*Context) error { return nil }},
				}},
			{Name: "version", Usage: "print the version", Action: func(*Context) error { return nil }},
		},
	}
}

// TestHelpSameAsTextTemplate: every help screen is byte-identical to the
// one upstream's text/template printer renders for the same app.
func TestHelpSameAsTextTemplate(t *testing.T) {
	for _, args := range [][]string{
		{"flurry", "--help"},
		{"flurry", "help"},
		{"flurry", "ship", "--help"},
		{"flurry", "help", "ship"},
		{"flurry", "migrate", "--help"},
		{"flurry", "migrate", "up", "--help"},
		{"flurry", "m", "help", "status"},
	} {
		render := func(printer helpPrinterCustom) string {
			saved := HelpPrinterCustom
			defer func() { HelpPrinterCustom = saved }()
			HelpPrinterCustom = printer
			var out bytes.Buffer
			if err := sampleApp(&out).Run(args); err != nil {
				t.Fatalf("%v: %v", args, err)
			}
			return out.String()
		}
		want := render(referencePrintHelpCustom)
		got := render(printHelpCustom)
		if got != want {
			t.Errorf("%v:\n got:\n%s\nwant:\n%s", args, got, want)
		}
		if !strings.Contains(got, "USAGE") {
			t.Errorf("%v: no help rendered:\n%s", args, got)
		}
	}
}
