package dovetail.graphql.support;

/** A query argument that cannot be used as given; answered as a GraphQL {@code BAD_REQUEST} error naming it. */
public class BadArgument extends RuntimeException {

    private final String argument;

    public BadArgument(String argument, String problem) {
        super(argument + " " + problem);
        this.argument = argument;
    }

    public String argument() {
        return argument;
    }
}
