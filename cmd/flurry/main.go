// Command flurry turns a Snowflake security data lake into code.
package main

func main() {}
