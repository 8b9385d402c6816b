#!/usr/bin/perl
# SPDX-License-Identifier: GPL-2.0-only
#
# check-layers.pl - every #include of vfio-sim points down its layers.
#
# usage: check-layers.pl [--root DIR] [--conf FILE]
#
# Reads the layers and the allowed includes from layers.conf (see its
# head for the format), lists the tree's C sources and headers, resolves
# each #include to a file of the tree as the compiler would, and reports
# every include of a header whose layer the including file's layer does
# not allow, and every file that belongs to no layer.
#
# Errors go to stderr, one line each in the compiler's format and sorted
# by path, then a count; a clean tree prints one line to stdout.  Exit
# status: 0 when clean, 1 after listing the errors, 2 for bad usage or a
# malformed configuration (one line, naming file:line).
#
# Not seen: includes whose name is a macro, and the conditions of #if
# (an include under "#if 0" is checked like any other).
#
# Needs perl 5.36 and only the modules of Debian's perl-base; git when
# there is one (else the tree is walked).

use v5.36;
use Cwd qw(abs_path);
use File::Basename qw(basename dirname);
use File::Spec;
use Getopt::Long qw(GetOptionsFromArray :config no_ignore_case bundling);

my $PROG = basename($0);
my $USAGE = "usage: $PROG [--root DIR] [--conf FILE]";

# The keys of a layer, and whether each must be given.
my %LAYER_KEYS = (folders => 1, include => 0, quote => 0, allow => 1);

# Bad usage and malformed configurations: one line, exit status 2.
sub fatal($msg)
{
	print STDERR "$PROG: $msg\n";
	exit 2;
}

# A path of the configuration, or one an #include builds, made canonical
# relative to the root: no ".", no "..", no doubled or trailing '/'.
# Returns undef for a path that leaves the root.
sub canon($path)
{
	my @out;

	for my $part (split m{/+}, $path) {
		next if $part eq '' || $part eq '.';
		if ($part eq '..') {
			return undef unless @out;
			pop @out;
		} else {
			push @out, $part;
		}
	}
	return join('/', @out);
}

# Is PATH the folder DIR, or inside it?  The root ("") holds everything.
sub under($path, $dir)
{
	return 1 if $dir eq '';
	return $path eq $dir || rindex($path, "$dir/", 0) == 0;
}

# Parse the configuration.  Returns { ignore => [dirs], layers => [layer] }
# where each layer is { name, rank, line, folders, include, quote, allow },
# in file order (bottom-up).  Any fault is fatal, naming file and line.
sub read_conf($conf)
{
	my (@layers, %by_name, @ignore, %folder_owner, $cur);
	my $fh;

	open($fh, '<', $conf) or fatal("cannot read $conf: $!");
	while (my $line = <$fh>) {
		my $where = "$conf:$.";

		chomp $line;
		$line =~ s/#.*//;
		$line =~ s/^\s+|\s+$//g;
		next if $line eq '';

		if ($line =~ /^\[\s*(.*?)\s*\]$/) {
			my $name = $1;

			fatal("$where: bad layer name '$name' (letters, digits, '_', '-')")
				unless $name =~ /^[A-Za-z][\w-]*$/;
			fatal("$where: layer '$name' defined twice (first at line $by_name{$name}{line})")
				if $by_name{$name};
			$cur = { name => $name, rank => scalar(@layers),
				 line => $., folders => [], include => [],
				 quote => [], allow => [] };
			push @layers, $cur;
			$by_name{$name} = $cur;
			next;
		}

		fatal("$where: expected '[layer]' or 'key = value', got '$line'")
			unless $line =~ /^([\w-]+)\s*=\s*(.*)$/;
		my ($key, $value) = ($1, $2);
		my @items = grep { $_ ne '' } split /[\s,]+/, $value;

		fatal("$where: '$key' has no value") unless @items;

		if (!$cur) {
			fatal("$where: '$key' before the first [layer] (only 'ignore' may be)")
				unless $key eq 'ignore';
			push @ignore, map { conf_path($where, $_) } @items;
			next;
		}
		fatal("$where: unknown key '$key' (expected folders, include, quote or allow)")
			unless exists $LAYER_KEYS{$key};

		if ($key eq 'allow') {
			push @{$cur->{allow}}, map { [$_, $where] } @items;
			next;
		}
		for my $path (map { conf_path($where, $_) } @items) {
			if ($key eq 'folders') {
				my $owner = $folder_owner{$path};

				fatal("$where: folder '$path' is already in layer '$owner'")
					if defined $owner;
				$folder_owner{$path} = $cur->{name};
			}
			push @{$cur->{$key}}, $path;
		}
	}
	close($fh);

	fatal("$conf: no [layer] defined") unless @layers;

	# Now that every layer is known: the required keys, and arrows that
	# name known layers and point down (or stay within the layer).
	for my $layer (@layers) {
		my $where = "$conf:$layer->{line}";
		my (%seen, @allow);

		for my $key (sort keys %LAYER_KEYS) {
			fatal("$where: layer '$layer->{name}' has no '$key'")
				if $LAYER_KEYS{$key} && !@{$layer->{$key}};
		}
		for my $item (@{$layer->{allow}}) {
			my ($name, $at) = @$item;
			my @names;

			if ($name eq '*') {
				@names = map { $_->{name} }
					 @layers[0 .. $layer->{rank}];
			} else {
				my $to = $by_name{$name};

				fatal("$at: layer '$layer->{name}' allows unknown layer '$name'")
					unless $to;
				fatal("$at: layer '$layer->{name}' allows '$name', which is above it (layers are listed bottom-up)")
					if $to->{rank} > $layer->{rank};
				@names = ($name);
			}
			push @allow, grep { !$seen{$_}++ } @names;
		}
		$layer->{allow} = \@allow;
		$layer->{allowed} = \%seen;
	}
	return { ignore => \@ignore, layers => \@layers };
}

# One path of the configuration, canonical; a fault is fatal.
sub conf_path($where, $path)
{
	fatal("$where: '$path': paths are relative to the root")
		if $path =~ m{^/};
	my $canon = canon($path);
	fatal("$where: '$path': paths may not leave the root or name it")
		if !defined $canon || $canon eq '' || $path =~ m{(^|/)\.\.(/|$)};
	return $canon;
}

# Run git with stderr silenced; returns its output, or undef on failure.
sub git_output($root, @args)
{
	my ($fh, $out, $saved);

	return undef unless grep { -x "$_/git" } File::Spec->path();
	open($saved, '>&', \*STDERR) or return undef;
	open(STDERR, '>', File::Spec->devnull());
	my $ok = open($fh, '-|', 'git', '-C', $root, @args);
	open(STDERR, '>&', $saved);
	return undef unless $ok;
	{
		local $/;
		$out = <$fh>;
	}
	return undef unless close($fh);
	return $out // '';
}

# The files under the folder REL of the root, as paths relative to the
# root, into FILES; hidden files and folders, the folders SKIP names and
# symbolic links to folders are left out.
sub walk($root, $rel, $skip, $files)
{
	my $dh;

	opendir($dh, $rel eq "" ? $root : "$root/$rel") or return;
	my @names = sort grep { !/^\./ } readdir($dh);
	closedir($dh);
	for my $name (@names) {
		my $path = $rel eq "" ? $name : "$rel/$name";

		next if grep { $path eq $_ } @$skip;
		if (-d "$root/$path" && !-l "$root/$path") {
			walk($root, $path, $skip, $files);
		} elsif (-f _) {
			push @$files, $path;
		}
	}
}

# Every file of the tree, relative to the root, sorted: git's tracked and
# untracked-but-not-ignored files in a work tree, else all files but
# hidden ones.  build/ and the configuration's ignored folders are left
# out, and so are files the index has but the work tree no longer does.
sub list_files($root, $ignore)
{
	my $out = git_output($root, qw(ls-files -z --cached --others
				       --exclude-standard));
	my @skip = ('build', @$ignore);
	my (%seen, @files);

	if (defined $out) {
		@files = grep { !$seen{$_}++ } split /\0/, $out;
	} else {
		walk($root, "", \@skip, \@files);
	}
	@files = grep {
		my $f = $_;
		!grep({ under($f, $_) } @skip) && -f "$root/$f";
	} @files;
	return sort @files;
}

# The layer a file belongs to: the one with the longest folder holding
# it, or undef.
sub layer_of($ctx, $path)
{
	my $best;
	my $len = -1;

	for my $layer (@{$ctx->{layers}}) {
		for my $dir (@{$layer->{folders}}) {
			if (length($dir) > $len && under($path, $dir)) {
				$best = $layer;
				$len = length($dir);
			}
		}
	}
	return $best;
}

# The order in which a layer's files search the include directories:
# those of the layers it allows first (its own first of all), then the
# others, each group in file order.  A header found in two places thus
# resolves to the one the file may include, if either.
sub search_order($ctx, $layer)
{
	my @all = @{$ctx->{layers}};
	my @order = ($layer, grep({ $_ != $layer && $layer->{allowed}{$_->{name}} } @all),
		     grep({ !$layer->{allowed}{$_->{name}} } @all));
	my %seen;

	return [ grep { !$seen{$_}++ } map { @{$_->{include}} } @order ];
}

# The tree file an #include names, or undef for a system header (or one
# the tree does not have).  KIND is '"' or '<'; NEXT is for #include_next.
sub resolve($ctx, $file, $layer, $kind, $name, $next)
{
	my $exists = $ctx->{exists};
	my @dirs;

	return undef if $name =~ m{^/};
	if ($next) {
		# Search on after the include directory the file is in;
		# approximated as: every include directory but that one.
		@dirs = grep { !under($file, $_) } @{$layer->{search}};
	} elsif ($kind eq '"') {
		@dirs = (dirname($file), @{$layer->{quote}},
			 @{$layer->{search}});
	} else {
		@dirs = @{$layer->{search}};
	}
	for my $dir (@dirs) {
		my $path = canon($dir eq '.' ? $name : "$dir/$name");

		return $path if defined $path && $exists->{$path};
	}
	return undef if $kind ne '"' || $next;

	# A quoted header the file's own search path misses, but another
	# layer's -iquote directory has (the core's internal "vfio.h"):
	# that is the header meant, and its layer decides.
	for my $other (@{$ctx->{layers}}) {
		for my $dir (@{$other->{quote}}) {
			my $path = canon("$dir/$name");

			return $path if defined $path && $exists->{$path};
		}
	}
	return undef;
}

# Does LINE leave a /* comment open, given whether one was open before
# it?  String and character literals are skipped so that "/*" in them
# does not count.
sub in_comment_after($line, $in)
{
	pos($line) = 0;
	for (;;) {
		if ($in) {
			return 1 unless $line =~ m{\*/}gc;
			$in = 0;
			next;
		}
		return 0 unless $line =~ m{\G.*?(/\*|//|"|')}gc;
		my $tok = $1;
		return 0 if $tok eq '//';
		if ($tok eq '/*') {
			$in = 1;
		} elsif ($tok eq '"') {
			$line =~ m{\G(?:[^"\\]|\\.)*"?}gc;
		} else {
			$line =~ m{\G(?:[^'\\]|\\.)*'?}gc;
		}
	}
}

# The #include lines of a file: [line number, kind, name, is_next].
sub includes_of($root, $file)
{
	my ($fh, @found);
	my $in = 0;

	open($fh, '<:raw', "$root/$file") or fatal("cannot read $file: $!");
	while (my $line = <$fh>) {
		if (!$in && $line =~ /^\s*\#\s*include(_next)?\s*
				      (?:"([^"]+)"|<([^>]+)>)/x) {
			push @found, [ $., defined $2 ? '"' : '<', $2 // $3,
				       defined $1 ];
		}
		$in = in_comment_after($line, $in);
	}
	close($fh);
	return @found;
}

sub main(@argv)
{
	my ($root, $conf, $help, $why);

	# Getopt::Long warns of each bad option: keep the first for the
	# one line that exits.
	{
		local $SIG{__WARN__} = sub { chomp($why //= $_[0]) };

		GetOptionsFromArray(\@argv, 'root=s' => \$root,
				    'conf=s' => \$conf, 'help|h' => \$help)
			or fatal(($why // 'bad option') . "; $USAGE");
	}
	if ($help) {
		say $USAGE;
		return 0;
	}
	fatal("unexpected argument '$argv[0]'; $USAGE") if @argv;

	my $here = dirname(abs_path($0));

	$root //= "$here/../..";
	$conf //= "$here/layers.conf";
	fatal("--root $root: not a directory") unless -d $root;
	$root = abs_path($root);

	my $ctx = read_conf($conf);
	my $conf_name = basename($conf);
	my @files = list_files($root, $ctx->{ignore});

	$ctx->{exists} = { map { $_ => 1 } @files };
	$_->{search} = search_order($ctx, $_) for @{$ctx->{layers}};

	my @sources = grep { /\.(c|h|S)$/ } @files;
	fatal("$root: no .c, .h or .S file found") unless @sources;

	my ($arrows, @errors) = (0);
	for my $file (@sources) {
		my $layer = layer_of($ctx, $file);

		if (!$layer) {
			push @errors, "$file: not in any layer ($conf_name)";
			next;
		}
		for my $inc (includes_of($root, $file)) {
			my ($line, $kind, $name, $next) = @$inc;
			my $target = resolve($ctx, $file, $layer, $kind, $name,
					     $next);
			next unless defined $target;

			# A file outside every layer is reported as such.
			my $to = layer_of($ctx, $target) or next;
			$arrows++;
			next if $layer->{allowed}{$to->{name}};

			my $shown = $kind eq '"' ? "\"$name\"" : "<$name>";
			push @errors, sprintf(
				"%s:%d: error: includes %s (layer %s, %s) from layer %s, which may include only: %s",
				$file, $line, $shown, $to->{name}, $target,
				$layer->{name}, join(', ', @{$layer->{allow}}));
		}
	}

	if (@errors) {
		print STDERR "$_\n" for @errors;
		printf STDERR "layering: %d error%s in %d files, %d includes\n",
			scalar(@errors), @errors == 1 ? '' : 's',
			scalar(@sources), $arrows;
		return 1;
	}
	printf "layering: %d files, %d includes, every arrow points down\n",
		scalar(@sources), $arrows;
	return 0;
}

exit main(@ARGV);
