// Package textexec executes Go text/template templates without looking up
// methods by run-time names.
//
// text/template's executor calls reflect.Value.MethodByName with names read
// from template text, and any reachable call of that kind makes the Go
// linker keep every exported method of every type a program converts to an
// interface (golang/go#62024, urfave/cli#2277): about 10 MB of flurry's host
// binary. This package is text/template's exec.go and funcs.go (go1.26,
// BSD licence, see LICENSE) run over trees parsed by text/template itself,
// with two differences:
//
//   - a method can be called only if its name is in callableMethods (the
//     linker then keeps just the methods of those names); any other name is
//     looked up as a struct field or map key, as text/template does for
//     names that are not methods;
//   - missing map keys are always an error (Option("missingkey=error")).
//
// Everything else — pipelines, variables, if/with/range/break/continue,
// define/template/block, the built-in functions and their error messages —
// is text/template's own code.
package textexec

import (
	"reflect"
	"text/template"
)

// Template is a parsed template and the functions it may call.
type Template struct {
	*template.Template
	funcs map[string]reflect.Value
}

// Parse parses src as a text/template named name with funcs (besides the
// built-ins) and missingkey=error.
func Parse(name, src string, funcs template.FuncMap) (*Template, error) {
	t, err := template.New(name).Option("missingkey=error").Funcs(funcs).Parse(src)
	if err != nil {
		return nil, err
	}
	return Wrap(t, funcs), nil
}

// Wrap makes t, already parsed by text/template with funcs (and any templates
// associated with it since), executable by this package.
func Wrap(t *template.Template, funcs template.FuncMap) *Template {
	fv := make(map[string]reflect.Value, len(funcs))
	addValueFuncs(fv, funcs)
	return &Template{Template: t, funcs: fv}
}

// callableMethods are the method names templates may call: the fixture
// time's documented formats ({{(ago "1d").Unix}} …, detections.Time) and
// the same-named methods of time.Time in alert rows, and the methods
// urfave/cli's help templates call (internal/cli). Each name is a constant
// argument to MethodByName, which the linker resolves statically.
var callableMethods = []string{"Unix", "Epoch", "S3", "Fluentd", "SQL", "Format", "String", "StartOfHour", "Plus", "Minus",
	"Flags", "Name", "Names", "VisibleCategories", "VisibleCommands", "VisibleFlagCategories", "VisibleFlags"}

// methodByName is v.MethodByName(name) for the names in callableMethods and
// the invalid Value for any other name.
func methodByName(v reflect.Value, name string) reflect.Value {
	switch name {
	case "Unix":
		return v.MethodByName("Unix")
	case "Epoch":
		return v.MethodByName("Epoch")
	case "S3":
		return v.MethodByName("S3")
	case "Fluentd":
		return v.MethodByName("Fluentd")
	case "SQL":
		return v.MethodByName("SQL")
	case "Format":
		return v.MethodByName("Format")
	case "String":
		return v.MethodByName("String")
	case "StartOfHour":
		return v.MethodByName("StartOfHour")
	case "Plus":
		return v.MethodByName("Plus")
	case "Minus":
		return v.MethodByName("Minus")
	case "Flags":
		return v.MethodByName("Flags")
	case "Name":
		return v.MethodByName("Name")
	case "Names":
		return v.MethodByName("Names")
	case "VisibleCategories":
		return v.MethodByName("VisibleCategories")
	case "VisibleCommands":
		return v.MethodByName("VisibleCommands")
	case "VisibleFlagCategories":
		return v.MethodByName("VisibleFlagCategories")
	case "VisibleFlags":
		return v.MethodByName("VisibleFlags")
	}
	return reflect.Value{}
}
