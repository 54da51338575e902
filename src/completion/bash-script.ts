/**
 * `k3d completion bash`. Real k3d generates cobra's *legacy* bash script (GenBashCompletion),
 * which knows k3d's command names statically and never asks k3d about the first word, so
 * it can offer no plugin. k3dx prints that script unchanged and appends a small function
 * that takes over the first word, `plugin …` and plugin nouns — asking `k3d
 * __completeNoDesc …`, which k3dx answers — and hands every k3d noun to k3d's own
 * `__start_k3d`, exactly as before. zsh, fish and PowerShell scripts already ask
 * `__complete` for everything, so they pass through untouched.
 */
import { BUILTIN_NOUNS } from "../k3d/builtin-nouns.ts";

export function pluginCompletionForBash(): string {
  const nouns = [...BUILTIN_NOUNS].join(" ");
  return `
# k3dx: completion of the first word, \`k3d plugin …\` and plugin nouns.
# Each k3d noun is still completed by k3d's own __start_k3d above.
__k3dx_k3d_nouns=" ${nouns} "

# Words are split on blanks only, so "=" and ":" stay inside them as the user typed.
__k3dx_start_k3d()
{
    local line=\${COMP_LINE:0:COMP_POINT} words cur i noun=""
    read -ra words <<< "$line"
    [[ $line == *[[:space:]] ]] && words+=("")
    cur=\${words[\${#words[@]}-1]}
    for ((i = 1; i < \${#words[@]} - 1; i++)); do
        case \${words[i]} in
            --verbose|--verbose=*|--trace|--trace=*|--timestamps|--timestamps=*) ;;
            *) noun=\${words[i]}; break ;;
        esac
    done
    if [[ $noun == -* || ( -n $noun && $__k3dx_k3d_nouns == *" $noun "* ) || ( -z $noun && $cur == -* ) ]]; then
        declare -F __start_k3d >/dev/null && __start_k3d "$@"
        return
    fi
    __k3dx_complete
}

# Asks the program for candidates (cobra's protocol: one a line, then :<directive>),
# about the caller's words; filters them by its cur.
__k3dx_complete()
{
    local program=\${words[0]} out last directive=0 comp file ext
    [[ $program == "~/"* ]] && program=$HOME/\${program#"~/"}
    out=$("$program" __completeNoDesc "\${words[@]:1}" 2>/dev/null)
    last=\${out##*$'\\n'}
    if [[ $last =~ ^:([0-9]+)$ ]]; then
        directive=\${BASH_REMATCH[1]}
        out=\${out%"$last"}
    fi
    # A flag's value typed as --flag=value: candidates are values.
    [[ $cur == -*=* ]] && cur=\${cur#*=}
    (( directive & 1 )) && return
    (( directive & 2 )) && compopt -o nospace 2>/dev/null
    (( directive & 4 )) && compopt +o default 2>/dev/null
    if (( directive & 8 )); then
        compopt -o filenames 2>/dev/null
        while IFS= read -r file; do
            for ext in $out; do
                [[ -d $file || $file == *."$ext" ]] && { COMPREPLY+=("$file"); break; }
            done
        done < <(compgen -f -- "$cur")
    elif (( directive & 16 )); then
        compopt -o filenames 2>/dev/null
        while IFS= read -r file; do COMPREPLY+=("$file"); done < <(compgen -d -- "$cur")
    else
        while IFS= read -r comp; do
            [[ -n $comp && $comp == "$cur"* ]] && COMPREPLY+=("$comp")
        done <<< "$out"
    fi
    __k3dx_drop_wordbreak_prefix
}

# bash replaces only the part of the word after its last "=" or ":" (COMP_WORDBREAKS).
__k3dx_drop_wordbreak_prefix()
{
    local breaks="" prefix i
    [[ $COMP_WORDBREAKS == *=* ]] && breaks+="="
    [[ $COMP_WORDBREAKS == *:* ]] && breaks+=":"
    [[ -n $breaks && $cur == *[$breaks]* ]] || return 0
    prefix=\${cur%"\${cur##*[$breaks]}"}
    for i in "\${!COMPREPLY[@]}"; do
        COMPREPLY[i]=\${COMPREPLY[i]#"$prefix"}
    done
}

if [[ $(type -t compopt) = "builtin" ]]; then
    complete -o default -F __k3dx_start_k3d k3d
else
    complete -o default -o nospace -F __k3dx_start_k3d k3d
fi
`;
}
