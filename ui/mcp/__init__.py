"""news-qa as an MCP server (`news-qa mcp`): ask, search and list_articles tools, and each
indexed article as a resource, over stdio with the official `mcp` SDK."""
