// A thin main: the server starts in cmd/server/app, below this folder, so this is no
// one-shot tool and what it reaches is product code.
package main

import "example.com/operator/cmd/server/app"

func main() {
	app.Run()
}
