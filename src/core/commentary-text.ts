/**
 * The coordinator's commentary is plain text: paragraphs separated by a blank line, and lists whose
 * lines start with "- ". It is split into blocks here and rendered as text by the pages, never as
 * HTML, so nothing typed can become markup.
 */

export type CommentaryBlock =
	{ kind: 'paragraph'; text: string } | { kind: 'list'; items: string[] };

/** Long enough for a page of narrative; a board paper's commentary is a few paragraphs. */
export const COMMENTARY_MAX_CHARACTERS = 5000;

const LIST_ITEM = /^\s*[-–•]\s+/;

export function parseCommentary(body: string): CommentaryBlock[] {
	const blocks: CommentaryBlock[] = [];
	let paragraph: string[] = [];
	let list: string[] = [];
	const flushParagraph = () => {
		if (paragraph.length > 0) blocks.push({ kind: 'paragraph', text: paragraph.join(' ') });
		paragraph = [];
	};
	const flushList = () => {
		if (list.length > 0) blocks.push({ kind: 'list', items: list });
		list = [];
	};
	for (const raw of body.replace(/\r\n?/g, '\n').split('\n')) {
		const line = raw.trim();
		if (line === '') {
			flushParagraph();
			flushList();
		} else if (LIST_ITEM.test(raw)) {
			flushParagraph();
			list.push(raw.replace(LIST_ITEM, '').trim());
		} else if (list.length > 0) {
			// A line straight after a list item, not itself an item, continues that item.
			list[list.length - 1] += ` ${line}`;
		} else {
			paragraph.push(line);
		}
	}
	flushParagraph();
	flushList();
	return blocks;
}

/** A sentence saying what is wrong with a commentary, or null when it may be saved. */
export function checkCommentary(body: string): string | null {
	if (body.trim() === '')
		return 'Enter the commentary. Write a few sentences on how the priority is going this quarter.';
	if (body.length > COMMENTARY_MAX_CHARACTERS)
		return `The commentary is ${body.length.toLocaleString('en-GB')} characters long. Shorten it to ${COMMENTARY_MAX_CHARACTERS.toLocaleString('en-GB')} characters or fewer.`;
	return null;
}
