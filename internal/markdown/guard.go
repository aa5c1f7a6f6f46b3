package markdown

import "strings"

// maxLineContainers is the number of block containers (blockquote markers
// and list item markers) one line may open. goldmark recomputes the column
// of every marker from the start of the line, so n markers on one line cost
// O(n²): a line of 64 KiB of ">" takes seconds.
const maxLineContainers = 32

// capContainers returns src where every line that starts with more than
// maxLineContainers container markers has the first marker past the limit
// escaped with a backslash, so that goldmark reads the rest of the line as
// text. Lines of a thematic break ("* * * *") are left alone. Lines inside
// fenced code are not recognised as such, so a code line starting with 33
// or more markers also gets the backslash; no real post is affected.
func capContainers(src string) string {
	var out strings.Builder
	copied := 0 // src[:copied] is already in out
	for lineStart := 0; lineStart < len(src); {
		lineEnd := strings.IndexByte(src[lineStart:], '\n')
		if lineEnd < 0 {
			lineEnd = len(src)
		} else {
			lineEnd += lineStart
		}
		if at := excessMarker(src[lineStart:lineEnd]); at >= 0 {
			if copied == 0 {
				out.Grow(len(src) + 64)
			}
			out.WriteString(src[copied : lineStart+at])
			out.WriteByte('\\')
			copied = lineStart + at
		}
		lineStart = lineEnd + 1
	}
	if copied == 0 {
		return src
	}
	out.WriteString(src[copied:])
	return out.String()
}

// excessMarker returns the offset in line of the punctuation of the first
// container marker past maxLineContainers, or -1 when the line opens at most
// maxLineContainers containers or is a thematic break.
func excessMarker(line string) int {
	count := 0
	for i := 0; i < len(line); {
		for i < len(line) && (line[i] == ' ' || line[i] == '\t') {
			i++
		}
		punct, next := containerMarker(line, i)
		if punct < 0 {
			return -1
		}
		count++
		if count > maxLineContainers {
			if isThematicBreak(line) {
				return -1
			}
			return punct
		}
		i = next
	}
	return -1
}

// containerMarker reports whether a blockquote marker (">") or a list item
// marker ("-", "+", "*", "1." or "1)" followed by a space, a tab or the end
// of the line) starts at line[i]. It returns the offset of the marker's
// punctuation and the offset just past the marker, or -1, -1.
func containerMarker(line string, i int) (punct, next int) {
	if i >= len(line) {
		return -1, -1
	}
	switch c := line[i]; {
	case c == '>':
		return i, i + 1
	case c == '-' || c == '+' || c == '*':
		punct = i
	case c >= '0' && c <= '9':
		j := i
		for j < len(line) && j-i < 9 && line[j] >= '0' && line[j] <= '9' {
			j++
		}
		if j == len(line) || (line[j] != '.' && line[j] != ')') {
			return -1, -1
		}
		punct = j
	default:
		return -1, -1
	}
	next = punct + 1
	if next < len(line) && line[next] != ' ' && line[next] != '\t' && line[next] != '\r' {
		return -1, -1
	}
	return punct, next
}

// isThematicBreak reports whether line consists of one of '-', '*' or '_'
// and blanks only.
func isThematicBreak(line string) bool {
	var mark byte
	for i := 0; i < len(line); i++ {
		switch c := line[i]; c {
		case ' ', '\t', '\r':
		case '-', '*', '_':
			if mark != 0 && c != mark {
				return false
			}
			mark = c
		default:
			return false
		}
	}
	return mark != 0
}
