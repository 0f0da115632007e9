package migrations

import "github.com/flurry-dev/flurry/udfs"

func udfSource(name string) (string, error) { return udfs.Source(name) }
