module github.com/keyward/keyward/client

go 1.26
