/**
 * The commonest passwords, as breach lists show them. Passwords under 12 characters are refused
 * anyway, so what matters here is the long ones people still reach for: a common word or keyboard
 * run padded with digits and symbols ("Password1234!"), and words from this service's own context.
 */

/** Whole passwords seen at the top of breach lists, 12 characters or more. */
const COMMON_LONG = new Set([
	'123456789012',
	'1234567890123',
	'12345678901234',
	'123456789123',
	'123123123123',
	'111111111111',
	'000000000000',
	'121212121212',
	'123412341234',
	'987654321098',
	'qwertyuiop12',
	'qwertyuiop123',
	'qwertyuiopasdfgh',
	'qwerty123456',
	'qwertyqwerty',
	'1q2w3e4r5t6y',
	'1qaz2wsx3edc',
	'zaq12wsxcde3',
	'asdfghjkl123',
	'zxcvbnm12345',
	'abc123abc123',
	'abcdefghijkl',
	'aaaaaaaaaaaa',
	'passwordpassword',
	'iloveyouiloveyou',
	'letmeinletmein',
	'correcthorsebatterystaple',
	'thequickbrownfox',
	'trustno1trustno1',
	'changemechangeme'
]);

/**
 * Words that, with only digits, symbols or a repeat around them, make a guessable password. Kept
 * lower-case; the check lower-cases too.
 */
const COMMON_WORDS = new Set([
	'password',
	'passw0rd',
	'p@ssword',
	'p@ssw0rd',
	'qwerty',
	'qwertyuiop',
	'asdfgh',
	'asdfghjkl',
	'zxcvbnm',
	'letmein',
	'welcome',
	'welcome1',
	'admin',
	'administrator',
	'iloveyou',
	'monkey',
	'dragon',
	'football',
	'baseball',
	'sunshine',
	'princess',
	'master',
	'shadow',
	'superman',
	'batman',
	'starwars',
	'whatever',
	'trustno1',
	'freedom',
	'michael',
	'jennifer',
	'charlie',
	'liverpool',
	'chelsea',
	'arsenal',
	'manchester',
	'london',
	'england',
	'summer',
	'winter',
	'autumn',
	'spring',
	'january',
	'february',
	'september',
	'october',
	'november',
	'december',
	'monday',
	'friday',
	'secret',
	'changeme',
	'default',
	'login',
	'access',
	'computer',
	'internet',
	'security',
	// This service's own context, which an attacker would try first.
	'humber',
	'humberside',
	'hull',
	'grimsby',
	'scunthorpe',
	'beverley',
	'modernslavery',
	'slavery',
	'antislavery',
	'partnership',
	'strategy',
	'strategytracker',
	'tracker',
	'wilberforce',
	'police',
	'council'
]);

const PADDING = /^[\d\W_]*(.*?)[\d\W_]*$/;

export function isCommonPassword(lowerCasePassword: string): boolean {
	if (COMMON_LONG.has(lowerCasePassword)) return true;
	const core = PADDING.exec(lowerCasePassword)?.[1] ?? lowerCasePassword;
	if (COMMON_WORDS.has(core)) return true;
	// A common word typed twice ("summersummer2024").
	const half = core.length / 2;
	return (
		Number.isInteger(half) &&
		core.slice(0, half) === core.slice(half) &&
		COMMON_WORDS.has(core.slice(0, half))
	);
}
