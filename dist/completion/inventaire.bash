# bash completion for inventaire(1): subcommands, each one's options, the
# values of the options that take a fixed set, and files or folders where
# they go. Installed as bash-completion/completions/inventaire; plain bash
# (compgen, compopt), so `source` works without the bash-completion package.
# tests/cli/docs.py checks that every option of `inventaire COMMAND --help`
# is here.

_inventaire()
{
	local cur=${COMP_WORDS[COMP_CWORD]} prev=${COMP_WORDS[COMP_CWORD-1]}
	local prog=${COMP_WORDS[0]} cmd='' opts='' i
	local commands='check crawl diff discover help license list merge report
	                validate'

	# --opt=value: bash splits at '=' (COMP_WORDBREAKS), so the option is
	# two words back.
	if [[ $cur == '=' ]]; then
		prev=${COMP_WORDS[COMP_CWORD-1]}
		cur=''
	elif [[ $prev == '=' ]] && ((COMP_CWORD >= 2)); then
		prev=${COMP_WORDS[COMP_CWORD-2]}
	fi

	for ((i = 1; i < COMP_CWORD; i++)); do
		case ${COMP_WORDS[i]} in
		-*) ;;
		*) cmd=${COMP_WORDS[i]}; break ;;
		esac
	done

	if [[ -z $cmd ]]; then
		COMPREPLY=($(compgen -W "$commands -h --help -V --version" -- "$cur"))
		return
	fi

	case $cmd in
	check)
		opts='--worktree --format --fail-on -o --output --badge --network
		      --branch --cache --no-forge --config --explain -h --help' ;;
	crawl)
		opts='--config --actors --out --only --upstream -j --jobs
		      --probe-jobs --shard --max-time --max-failed --dry-run -q --quiet
		      --log-format -h --help' ;;
	diff)
		opts='--format --lang -o --output -h --help' ;;
	discover)
		opts='--config --actors --out --actor --all --forge --format -o
		      --output -j --jobs --max-time --max-age -q --quiet -h --help' ;;
	license)
		opts='--format -h --help' ;;
	list)
		opts='--forge --api-url --format -o --output -j --jobs --cache
		      --max-time -v --verbose -h --help' ;;
	merge)
		opts='--out --config --actors -q --quiet -h --help' ;;
	report)
		opts='--out --lang --config --actors -h --help' ;;
	validate)
		opts='--no-network --network --format -h --help' ;;
	help)
		COMPREPLY=($(compgen -W "${commands/help /}" -- "$cur"))
		return ;;
	*)
		return ;;
	esac

	# The value of the option before the cursor.
	case $prev in
	--format)
		case $cmd in
		check) COMPREPLY=($(compgen -W 'text json sarif junit' -- "$cur")) ;;
		list) COMPREPLY=($(compgen -W 'text json csv' -- "$cur")) ;;
		diff) COMPREPLY=($(compgen -W 'text json atom' -- "$cur")) ;;
		discover) COMPREPLY=($(compgen -W 'yaml json text' -- "$cur")) ;;
		*) COMPREPLY=($(compgen -W 'text json' -- "$cur")) ;;
		esac
		return ;;
	--fail-on)
		COMPREPLY=($(compgen -W 'error warning never' -- "$cur"))
		return ;;
	--log-format)
		COMPREPLY=($(compgen -W 'text json' -- "$cur"))
		return ;;
	--lang)
		COMPREPLY=($(compgen -W 'fr en' -- "$cur"))
		return ;;
	--forge)
		if [[ $cmd == discover ]]; then
			COMPREPLY=($(compgen -W 'github gitlab gitea forgejo' -- "$cur"))
		else
			COMPREPLY=($(compgen -W 'github gitlab gitea forgejo gogs bitbucket
			                         sourcehut' -- "$cur"))
		fi
		return ;;
	--explain)
		COMPREPLY=($(compgen -W "list $("$prog" check --explain list 2>/dev/null |
		                              cut -d' ' -f1)" -- "$cur"))
		return ;;
	-o|--output|--config|--actors|--upstream|--badge)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--out|--cache)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	-j|--jobs|--probe-jobs|--max-time|--max-failed|--max-age|--actor|\
	--branch|--only|--api-url|--shard)
		return ;;
	esac

	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$opts" -- "$cur"))
		return
	fi
	case $cmd in
	check|diff|merge)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -d -- "$cur")) ;;
	license|validate)
		compopt -o filenames 2>/dev/null
		COMPREPLY=($(compgen -f -- "$cur")) ;;
	esac
}
complete -F _inventaire inventaire
