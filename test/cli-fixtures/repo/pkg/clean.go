package pkg

func clean() int { return 1 }
