package rewrite

// TIMESTAMP_TYPE_MAPPING (https://docs.snowflake.com/en/sql-reference/parameters):
// "Specifies the TIMESTAMP_* variation that the TIMESTAMP data type alias
// maps to"; TO_TIMESTAMP "maps to one of the other timestamp functions,
// based on the TIMESTAMP_TYPE_MAPPING session parameter" (docs:
// to_timestamp). The rewriter reads the alias where a type is written (a
// column, a cast, a typed literal) and the two unqualified conversions.

// timestampName is the type the alias TIMESTAMP or DATETIME names.
func (p *parser) timestampName(name string) string {
	if (name == "TIMESTAMP" || name == "DATETIME") && p.opts.TimestampMapping != "" {
		return p.opts.TimestampMapping
	}
	return name
}

// toTimestampMapped is TO_TIMESTAMP / TRY_TO_TIMESTAMP: the mapped flavour's
// conversion.
func toTimestampMapped(p *parser, c *call) (expr, error) {
	switch p.opts.TimestampMapping {
	case "TIMESTAMP_LTZ":
		c.name += "_LTZ"
		return toTimestamp(p, c)
	case "TIMESTAMP_TZ":
		c.name += "_TZ"
		return toTimestampTZ(p, c)
	}
	return toTimestamp(p, c)
}
