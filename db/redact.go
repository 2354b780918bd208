package db

import "regexp"

var passwordInURL = regexp.MustCompile(`(://[^:/@\s]+):[^@\s]*@`)
