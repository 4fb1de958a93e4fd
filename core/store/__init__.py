"""SQLCipher connection, schema migrations, repositories."""
