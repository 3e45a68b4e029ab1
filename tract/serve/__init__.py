"""The catalog and the editor over HTTP: one app, for one person on their own computer
(`serve`) or for a team on a server (`team`), which only adds people and routes to it."""
