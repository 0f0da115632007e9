package sfunc

// FormatNumber is TO_CHAR(number, format).
func FormatNumber(num, format string, float bool) (any, error) {
	return nil, &UnsupportedError{What: "TO_CHAR format '" + format + "'"}
}

// ParseNumber is TO_NUMBER(text, format).
func ParseNumber(s, format string, scale int) (any, error) {
	return nil, &UnsupportedError{What: "TO_NUMBER format '" + format + "'"}
}
