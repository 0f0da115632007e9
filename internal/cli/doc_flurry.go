// This directory is github.com/urfave/cli/v2 v2.27.7 (MIT licence, see
// LICENSE) with one change, in help.go: help templates are executed by
// internal/textexec instead of text/template. text/template's executor
// looks methods up by names read from template text (MethodByName), and
// any reachable call of that kind makes the Go linker keep every exported
// method of every type converted to an interface — about 10 MB of the
// pure-Go host binary (urfave/cli#2277, open upstream). Setting
// cli.HelpPrinter does not help: the default printer stays reachable through
// the variable's initial value. docs.go and fish.go (ToMarkdown, ToMan,
// ToFishCompletion), which flurry does not use, are left out.
//
// To update: copy the new release's non-test .go files over these, drop
// docs.go and fish.go, and re-apply the help.go change (grep "flurry:").

package cli
